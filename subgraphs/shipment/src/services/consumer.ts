import type { ConsumerSpec, DomainEvent, Outbox } from "@floorgraph/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/shipment";
import { createPackedOrderHandler, type PackedOrder } from "./packed-orders.ts";

type Tx = Prisma.TransactionClient;

export function shipmentConsumer(prisma: PrismaClient, outbox: Outbox): ConsumerSpec<Tx> {
  const packed = createPackedOrderHandler(outbox);
  return {
    name: "shipment",
    topics: ["warehouse.events"],
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: {
      "warehouse.order_packed": (event: DomainEvent<PackedOrder>, tx) => packed(tx, event.data),
    },
  };
}
