import { on, type ConsumerSpec, type Outbox } from "@floorgraph/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/shipment";
import { orderPacked } from "@floorgraph/warehouse/events";
import { createPackedOrderHandler } from "./packed-orders.ts";

type Tx = Prisma.TransactionClient;

/** Shipment labels packed orders; payloads are validated against the warehouse's contract on receipt. */
export function shipmentConsumer(prisma: PrismaClient, outbox: Outbox): ConsumerSpec<Tx> {
  const packed = createPackedOrderHandler(outbox);
  return {
    name: "shipment",
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: [on(orderPacked, (event, tx: Tx) => packed(tx, event.data))],
  };
}
