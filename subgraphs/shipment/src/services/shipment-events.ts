import { newEvent } from "@floorgraph/events";
import type { Shipment } from "@floorgraph/prisma/shipment";

/** Shipment events (topic shipment.events), keyed by order id like the rest of the order's flow. */
export const shipmentEvent = <T extends object>(type: "shipment.created" | "shipment.status_changed", shipment: Pick<Shipment, "id" | "orderId">, data: T) =>
  newEvent({ type, source: "shipment", subject: shipment.orderId, data: { shipmentId: shipment.id, orderId: shipment.orderId, ...data } });
