import type { ConsumerSpec, DomainEvent, Outbox } from "@floorgraph/events";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/orders";
import { createFulfilmentFollower, type LineAllocation } from "./fulfilment.ts";

type Tx = Prisma.TransactionClient;
type Event<T> = DomainEvent<T & { orderId: string }>;

/** The orders service hears every step of fulfilment and moves the order's status with it. */
export function ordersConsumer(prisma: PrismaClient, outbox: Outbox): ConsumerSpec<Tx> {
  const follow = createFulfilmentFollower(outbox);
  return {
    name: "orders",
    topics: ["inventory.events", "warehouse.events", "shipment.events"],
    transaction: (fn) => prisma.$transaction(fn, { timeout: 30_000 }),
    handlers: {
      async "inventory.order_allocated"(event: Event<{ outcome: "ALLOCATED" | "BACKORDERED"; lines: LineAllocation[] }>, tx) {
        await follow.setAllocations(tx, event.data.orderId, event.data.lines);
        await follow.advance(tx, event.data.orderId, event.data.outcome, event);
      },
      async "inventory.order_released"(event: Event<{ lines: LineAllocation[] }>, tx) {
        await follow.setAllocations(tx, event.data.orderId, event.data.lines);
      },
      async "inventory.pick_recorded"(event: Event<{ lines: LineAllocation[] }>, tx) {
        await follow.setAllocations(tx, event.data.orderId, event.data.lines);
      },
      async "warehouse.order_released"(event: Event<object>, tx) {
        await follow.advance(tx, event.data.orderId, "RELEASED", event);
      },
      async "warehouse.pick_confirmed"(event: Event<{ lineId: string; linePicked: number }>, tx) {
        await tx.orderLine.update({ where: { id: event.data.lineId, orderId: event.data.orderId }, data: { pickedQuantity: event.data.linePicked } });
        await follow.advance(tx, event.data.orderId, "PICKING", event);
      },
      async "warehouse.order_packed"(event: Event<object>, tx) {
        await follow.advance(tx, event.data.orderId, "PACKED", event);
      },
      async "shipment.status_changed"(event: Event<{ to: string }>, tx) {
        if (event.data.to === "SHIPPED" || event.data.to === "DELIVERED") await follow.advance(tx, event.data.orderId, event.data.to, event);
      },
    },
  };
}
