import type { ConsumerSpec, DomainEvent } from "@floorgraph/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/inventory";
import type { ConfirmedPick, PlacedOrder, ReservationService } from "./reservations.ts";

type Tx = Prisma.TransactionClient;

/** Inventory reserves for placed orders, releases for cancelled ones, and books confirmed picks. */
export function inventoryConsumer(prisma: PrismaClient, reservations: ReservationService): ConsumerSpec<Tx> {
  return {
    name: "inventory",
    topics: ["order.events", "warehouse.events"],
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: {
      "order.placed": (event: DomainEvent<PlacedOrder>, tx) => reservations.reserveOrder(tx, event.data),
      "order.cancelled": (event: DomainEvent<{ orderId: string }>, tx) => reservations.releaseOrder(tx, event.data.orderId),
      "warehouse.pick_confirmed": (event: DomainEvent<ConfirmedPick>, tx) => reservations.recordPick(tx, event.data),
    },
  };
}
