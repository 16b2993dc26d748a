import { newEvent } from "@floorgraph/events";

/** An order line's stock position after a change (topic inventory.events, keyed by order id). */
export interface LineState {
  lineId: string;
  skuCode: string;
  quantity: number;
  /** Held in stock and not yet picked. */
  reserved: number;
  backordered: number;
}

/** One reservation: pick `quantity` of the SKU (and lot) at the location. */
export interface AllocationMade {
  allocationId: string;
  lineId: string;
  skuCode: string;
  locationId: string;
  lot: string;
  quantity: number;
}

export interface OrderAllocatedData {
  orderId: string;
  /** Passed on from order.placed, so the warehouse needs no other topic to plan the order. */
  order: { number: string; priority: string; partnerId: string | null };
  outcome: "ALLOCATED" | "BACKORDERED";
  lines: LineState[];
  allocations: AllocationMade[];
}
export interface OrderReleasedData {
  orderId: string;
  lines: LineState[];
  releasedQuantity: number;
}
export interface PickRecordedData {
  orderId: string;
  taskId: string;
  /** Re-allocations of a short pick's missing units, from other stock. */
  allocations: AllocationMade[];
  lines: LineState[];
}

const event = <T>(type: string, orderId: string, data: T) => newEvent({ type, source: "inventory", subject: orderId, data });
export const orderAllocated = (data: OrderAllocatedData) => event("inventory.order_allocated", data.orderId, data);
export const orderReleased = (data: OrderReleasedData) => event("inventory.order_released", data.orderId, data);
export const pickRecorded = (data: PickRecordedData) => event("inventory.pick_recorded", data.orderId, data);
