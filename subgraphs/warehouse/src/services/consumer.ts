import type { ConsumerSpec, DomainEvent } from "@floorgraph/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/warehouse";
import type { PickingService, PickRecorded } from "./picking.ts";
import type { AllocatedOrder, WaveService } from "./waves.ts";

type Tx = Prisma.TransactionClient;

/** The warehouse plans pick work from allocations, and takes it back when an order is cancelled. */
export function warehouseConsumer(prisma: PrismaClient, waves: WaveService, picking: PickingService): ConsumerSpec<Tx> {
  return {
    name: "warehouse",
    topics: ["inventory.events", "order.events"],
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: {
      "inventory.order_allocated": (event: DomainEvent<AllocatedOrder>, tx) => waves.planOrder(tx, event.data),
      "inventory.pick_recorded": (event: DomainEvent<PickRecorded>, tx) => picking.reallocated(tx, event.data),
      "order.cancelled": (event: DomainEvent<{ orderId: string; number: string }>, tx) => waves.cancelOrder(tx, event.data.orderId, event.data.number),
    },
  };
}
