import { on, type ConsumerSpec, type Outbox } from "@floorgraph/events";
import { orderAllocated, orderReleased, pickRecorded } from "@floorgraph/inventory/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/orders";
import { shipmentStatusChanged } from "@floorgraph/shipment/events";
import { orderPacked, pickConfirmed, waveOrderReleased } from "@floorgraph/warehouse/events";
import { createFulfilmentFollower } from "./fulfilment.ts";

type Tx = Prisma.TransactionClient;

/**
 * The orders service hears every step of fulfilment and moves the order's status with it.
 * Payloads are validated against their producers' contracts on receipt.
 */
export function ordersConsumer(prisma: PrismaClient, outbox: Outbox): ConsumerSpec<Tx> {
  const follow = createFulfilmentFollower(outbox);
  return {
    name: "orders",
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: [
      on(orderAllocated, async (event, tx: Tx) => {
        await follow.setAllocations(tx, event.data.orderId, event.data.lines);
        await follow.advance(tx, event.data.orderId, event.data.outcome, event);
      }),
      on(orderReleased, (event, tx: Tx) => follow.setAllocations(tx, event.data.orderId, event.data.lines)),
      on(pickRecorded, (event, tx: Tx) => follow.setAllocations(tx, event.data.orderId, event.data.lines)),
      on(waveOrderReleased, (event, tx: Tx) => follow.advance(tx, event.data.orderId, "RELEASED", event)),
      on(pickConfirmed, async (event, tx: Tx) => {
        await tx.orderLine.update({ where: { id: event.data.lineId, orderId: event.data.orderId }, data: { pickedQuantity: event.data.linePicked } });
        await follow.advance(tx, event.data.orderId, "PICKING", event);
      }),
      on(orderPacked, (event, tx: Tx) => follow.advance(tx, event.data.orderId, "PACKED", event)),
      on(shipmentStatusChanged, async (event, tx: Tx) => {
        if (event.data.to === "SHIPPED" || event.data.to === "DELIVERED") await follow.advance(tx, event.data.orderId, event.data.to, event);
      }),
    ],
  };
}
