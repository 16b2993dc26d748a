import type { PickTask } from "@floorgraph/prisma/warehouse";
import * as contract from "../events/contract.ts";

/** Events of the warehouse, keyed by order id so each order's stay in order; payloads typed and checked by ../events/contract.ts. */
export const pickTasksPlanned = (data: contract.PickTasksPlannedData) => contract.pickTasksPlanned.create(data.orderId, data);
export const orderReleased = (data: contract.WaveOrderReleasedData) => contract.waveOrderReleased.create(data.orderId, data);
export const orderPacked = (data: contract.OrderPackedData) => contract.orderPacked.create(data.orderId, data);
export const tasksCancelled = (data: contract.TasksCancelledData) => contract.tasksCancelled.create(data.orderId, data);
export const pickConfirmed = (task: PickTask, pickerId: string, linePicked: number) =>
  contract.pickConfirmed.create(task.orderId, {
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
