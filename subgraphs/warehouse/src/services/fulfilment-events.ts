import { newEvent } from "@floorgraph/events";
import type { PickTask } from "@floorgraph/prisma/warehouse";

/** Events of the warehouse (topic warehouse.events, keyed by order id so each order's stay in order). */
export interface PickTasksPlannedData {
  orderId: string;
  waveId: string;
  taskIds: string[];
}
export interface OrderReleasedData {
  orderId: string;
  waveId: string;
  waveNumber: string;
}
export interface PickConfirmedData {
  orderId: string;
  taskId: string;
  lineId: string;
  allocationId: string;
  skuCode: string;
  locationId: string;
  lot: string;
  quantity: number;
  picked: number;
  short: boolean;
  toteId: string;
  pickerId: string;
  /** Units picked for the line over all its tasks. */
  linePicked: number;
}
export interface OrderPackedData {
  orderId: string;
  number: string;
  partnerId: string | null;
  warehouseId: string;
  packages: { weightKg: number; lengthCm: number; widthCm: number; heightCm: number }[];
  pickedUnits: number;
}
export interface TasksCancelledData {
  orderId: string;
  taskIds: string[];
}

const event = <T>(type: string, orderId: string, data: T) => newEvent({ type, source: "warehouse", subject: orderId, data });

export const pickTasksPlanned = (data: PickTasksPlannedData) => event("warehouse.pick_tasks_planned", data.orderId, data);
export const orderReleased = (data: OrderReleasedData) => event("warehouse.order_released", data.orderId, data);
export const orderPacked = (data: OrderPackedData) => event("warehouse.order_packed", data.orderId, data);
export const tasksCancelled = (data: TasksCancelledData) => event("warehouse.tasks_cancelled", data.orderId, data);
export const pickConfirmed = (task: PickTask, pickerId: string, linePicked: number) =>
  event<PickConfirmedData>("warehouse.pick_confirmed", task.orderId, {
    orderId: task.orderId,
    taskId: task.id,
    lineId: task.lineId,
    allocationId: task.allocationId,
    skuCode: task.skuCode,
    locationId: task.locationId,
    lot: task.lot,
    quantity: task.quantity,
    picked: task.pickedQuantity ?? 0,
    short: task.status === "SHORT",
    toteId: task.toteId ?? "",
    pickerId,
    linePicked,
  });

export const formatWaveNumber = (seq: number) => `W-${String(seq).padStart(6, "0")}`;
