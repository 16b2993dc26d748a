import { z } from "zod";
import { defineEvent } from "@floorgraph/events";

/** Events of the warehouse (topic warehouse.events, keyed by order id); import from `@floorgraph/warehouse/events`. */

export const packageDimensions = z.object({ weightKg: z.number().positive(), lengthCm: z.number().int().positive(), widthCm: z.number().int().positive(), heightCm: z.number().int().positive() });

export const pickTasksPlanned = defineEvent({
  type: "warehouse.pick_tasks_planned",
  source: "warehouse",
  description: "An allocated order's pick tasks were planned into a wave.",
  data: z.object({ orderId: z.string(), waveId: z.string(), taskIds: z.array(z.string()) }),
});

export const waveOrderReleased = defineEvent({
  type: "warehouse.order_released",
  source: "warehouse",
  description: "The wave holding the order was released to the floor: its pick tasks can be picked.",
  data: z.object({ orderId: z.string(), waveId: z.string(), waveNumber: z.string() }),
});

export const pickConfirmed = defineEvent({
  type: "warehouse.pick_confirmed",
  source: "warehouse",
  description: "A picker confirmed a pick task (short when fewer units than planned were found).",
  data: z.object({
    orderId: z.string(),
    taskId: z.string(),
    lineId: z.string(),
    allocationId: z.string(),
    skuCode: z.string(),
    locationId: z.string(),
    lot: z.string(),
    quantity: z.number().int().positive(),
    picked: z.number().int().nonnegative(),
    short: z.boolean(),
    /** "" when no tote was named. */
    toteId: z.string(),
    pickerId: z.string(),
    /** Units picked for the line over all its tasks. */
    linePicked: z.number().int().nonnegative(),
  }),
});

export const orderPacked = defineEvent({
  type: "warehouse.order_packed",
  source: "warehouse",
  description: "An order was packed into packages, ready to ship.",
  data: z.object({
    orderId: z.string(),
    number: z.string(),
    partnerId: z.string().nullable(),
    warehouseId: z.string(),
    packages: z.array(packageDimensions).min(1),
    pickedUnits: z.number().int().nonnegative(),
  }),
});

export const tasksCancelled = defineEvent({
  type: "warehouse.tasks_cancelled",
  source: "warehouse",
  description: "A cancelled order's open pick tasks were cancelled.",
  data: z.object({ orderId: z.string(), taskIds: z.array(z.string()) }),
});

export type PackageDimensions = z.infer<typeof packageDimensions>;
export type PickTasksPlannedData = z.infer<typeof pickTasksPlanned.data>;
export type WaveOrderReleasedData = z.infer<typeof waveOrderReleased.data>;
export type PickConfirmedData = z.infer<typeof pickConfirmed.data>;
export type OrderPackedData = z.infer<typeof orderPacked.data>;
export type TasksCancelledData = z.infer<typeof tasksCancelled.data>;

export const warehouseContracts = [pickTasksPlanned, waveOrderReleased, pickConfirmed, orderPacked, tasksCancelled] as const;
