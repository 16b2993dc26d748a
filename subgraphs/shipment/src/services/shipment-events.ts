import type { Shipment } from "@floorgraph/prisma/shipment";
import { shipmentCreated as created, shipmentStatusChanged as statusChanged, type ShipmentCreatedData, type ShipmentStatusChangedData } from "../events/contract.ts";

type Ids = Pick<Shipment, "id" | "orderId">;
const ids = (shipment: Ids) => ({ shipmentId: shipment.id, orderId: shipment.orderId });

/** Shipment events, keyed by order id like the rest of the order's flow; payloads typed and checked by ../events/contract.ts. */
export const shipmentCreated = (shipment: Ids, data: Omit<ShipmentCreatedData, "shipmentId" | "orderId">) => created.create(shipment.orderId, { ...ids(shipment), ...data });
export const shipmentStatusChanged = (shipment: Ids, data: Omit<ShipmentStatusChangedData, "shipmentId" | "orderId">) =>
  statusChanged.create(shipment.orderId, { ...ids(shipment), ...data });
