import { z } from "zod";
import { defineEvent } from "@floorgraph/events";

/** The events of inventory (topic inventory.events, keyed by order id); import from `@floorgraph/inventory/events`. */

/** An order line's stock position after a change. */
export const lineState = z.object({
  lineId: z.string(),
  skuCode: z.string(),
  quantity: z.number().int(),
  /** Held in stock and not yet picked. */
  reserved: z.number().int().nonnegative(),
  backordered: z.number().int().nonnegative(),
});

/** One reservation: pick `quantity` of the SKU (and lot) at the location. */
export const allocationMade = z.object({
  allocationId: z.string(),
  lineId: z.string(),
  skuCode: z.string(),
  locationId: z.string(),
  lot: z.string(),
  quantity: z.number().int().positive(),
});

export const orderAllocated = defineEvent({
  type: "inventory.order_allocated",
  source: "inventory",
  description: "Stock was reserved for a placed order (ALLOCATED), or not all of it could be (BACKORDERED): per-line positions and the allocations to pick.",
  data: z.object({
    orderId: z.string(),
    /** Passed on from order.placed, so the warehouse needs no other topic to plan the order. */
    order: z.object({ number: z.string(), priority: z.string(), partnerId: z.string().nullable() }),
    outcome: z.enum(["ALLOCATED", "BACKORDERED"]),
    lines: z.array(lineState),
    allocations: z.array(allocationMade),
  }),
});

export const orderReleased = defineEvent({
  type: "inventory.order_released",
  source: "inventory",
  description: "A cancelled order's reservations were released.",
  data: z.object({ orderId: z.string(), lines: z.array(lineState), releasedQuantity: z.number().int().nonnegative() }),
});

export const pickRecorded = defineEvent({
  type: "inventory.pick_recorded",
  source: "inventory",
  description: "A confirmed pick was booked; a short pick's missing units are re-allocated from other stock where there is some.",
  data: z.object({
    orderId: z.string(),
    taskId: z.string(),
    /** Re-allocations of a short pick's missing units, from other stock. */
    allocations: z.array(allocationMade),
    lines: z.array(lineState),
  }),
});

export type LineState = z.infer<typeof lineState>;
export type AllocationMade = z.infer<typeof allocationMade>;
export type OrderAllocatedData = z.infer<typeof orderAllocated.data>;
export type OrderReleasedData = z.infer<typeof orderReleased.data>;
export type PickRecordedData = z.infer<typeof pickRecorded.data>;

export const inventoryContracts = [orderAllocated, orderReleased, pickRecorded] as const;
