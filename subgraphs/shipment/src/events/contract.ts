import { z } from "zod";
import { defineEvent } from "@floorgraph/events";

/** Shipment events (topic shipment.events, keyed by order id); import from `@floorgraph/shipment/events`. */
export const SHIPMENT_STATUSES = ["CREATED", "LABELLED", "LOADED", "SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION", "CANCELLED"] as const;
const shipmentStatus = z.enum(SHIPMENT_STATUSES);

export const shipmentCreated = defineEvent({
  type: "shipment.created",
  source: "shipment",
  description: "A shipment was created (and labelled) for a packed order.",
  data: z.object({ shipmentId: z.string(), orderId: z.string(), trackingNumber: z.string(), carrierId: z.string(), packages: z.number().int().positive() }),
});

export const shipmentStatusChanged = defineEvent({
  type: "shipment.status_changed",
  source: "shipment",
  description: "A shipment's status changed (from is null for its first status).",
  data: z.object({ shipmentId: z.string(), orderId: z.string(), from: shipmentStatus.nullable(), to: shipmentStatus }),
});

export type ShipmentCreatedData = z.infer<typeof shipmentCreated.data>;
export type ShipmentStatusChangedData = z.infer<typeof shipmentStatusChanged.data>;

export const shipmentContracts = [shipmentCreated, shipmentStatusChanged] as const;
