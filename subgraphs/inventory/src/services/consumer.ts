import { on, type ConsumerSpec } from "@floorgraph/events";
import { orderCancelled, orderPlaced } from "@floorgraph/orders/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/inventory";
import { pickConfirmed } from "@floorgraph/warehouse/events";
import type { ReservationService } from "./reservations.ts";

type Tx = Prisma.TransactionClient;

/**
 * Inventory reserves for placed orders, releases for cancelled ones, and books confirmed picks.
 * Payloads are validated against their producers' contracts on receipt.
 */
export function inventoryConsumer(prisma: PrismaClient, reservations: ReservationService): ConsumerSpec<Tx> {
  return {
    name: "inventory",
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: [
      on(orderPlaced, (event, tx: Tx) => reservations.reserveOrder(tx, event.data)),
      on(orderCancelled, (event, tx: Tx) => reservations.releaseOrder(tx, event.data.orderId)),
      on(pickConfirmed, (event, tx: Tx) => reservations.recordPick(tx, event.data)),
    ],
  };
}
