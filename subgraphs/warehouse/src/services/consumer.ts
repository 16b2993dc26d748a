import { on, type ConsumerSpec } from "@floorgraph/events";
import { orderAllocated, pickRecorded } from "@floorgraph/inventory/events";
import { orderCancelled } from "@floorgraph/orders/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/warehouse";
import type { PickingService } from "./picking.ts";
import type { WaveService } from "./waves.ts";

type Tx = Prisma.TransactionClient;

/**
 * The warehouse plans pick work from allocations, and takes it back when an order is cancelled.
 * Payloads are validated against their producers' contracts on receipt.
 */
export function warehouseConsumer(prisma: PrismaClient, waves: WaveService, picking: PickingService): ConsumerSpec<Tx> {
  return {
    name: "warehouse",
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: [
      on(orderAllocated, (event, tx: Tx) => waves.planOrder(tx, event.data)),
      on(pickRecorded, (event, tx: Tx) => picking.reallocated(tx, event.data)),
      on(orderCancelled, (event, tx: Tx) => waves.cancelOrder(tx, event.data.orderId, event.data.number)),
    ],
  };
}
