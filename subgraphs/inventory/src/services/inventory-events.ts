import { orderAllocated as allocated, orderReleased as released, pickRecorded as recorded, type OrderAllocatedData, type OrderReleasedData, type PickRecordedData } from "../events/contract.ts";

export type { AllocationMade, LineState } from "../events/contract.ts";

/** Inventory's events, keyed by order id; payloads typed and checked by ../events/contract.ts. */
export const orderAllocated = (data: OrderAllocatedData) => allocated.create(data.orderId, data);
export const orderReleased = (data: OrderReleasedData) => released.create(data.orderId, data);
export const pickRecorded = (data: PickRecordedData) => recorded.create(data.orderId, data);
