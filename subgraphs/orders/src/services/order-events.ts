import { newEvent, type DomainEvent } from "@floorgraph/events";
import type { Order, OrderStatus } from "@floorgraph/prisma/orders";
import { formatOrderNumber } from "./order-number.ts";

/** The events the orders service publishes (topic order.events, keyed by order id). */
export interface OrderPlacedData {
  orderId: string;
  number: string;
  priority: string;
  partnerId: string | null;
  customerId: string;
  lines: { lineId: string; lineNumber: number; skuCode: string; quantity: number }[];
}
export interface OrderCancelledData {
  orderId: string;
  number: string;
  reason: string | null;
}
export interface OrderStatusChangedData {
  orderId: string;
  number: string;
  from: OrderStatus;
  to: OrderStatus;
  reason: string | null;
}

const event = <T>(type: string, orderId: string, data: T): DomainEvent<T> => newEvent({ type, source: "orders", subject: orderId, data });

export const orderPlaced = (order: Order, lines: { id: string; lineNumber: number; skuCode: string; quantity: number }[]) =>
  event<OrderPlacedData>("order.placed", order.id, {
    orderId: order.id,
    number: formatOrderNumber(order.seq),
    priority: order.priority,
    partnerId: order.partnerId,
    customerId: order.customerId,
    lines: lines.map((l) => ({ lineId: l.id, lineNumber: l.lineNumber, skuCode: l.skuCode, quantity: l.quantity })),
  });

export const orderCancelled = (order: Order, reason: string | null) =>
  event<OrderCancelledData>("order.cancelled", order.id, { orderId: order.id, number: formatOrderNumber(order.seq), reason });

export const orderStatusChanged = (order: Pick<Order, "id" | "seq">, from: OrderStatus, to: OrderStatus, reason: string | null) =>
  event<OrderStatusChangedData>("order.status_changed", order.id, { orderId: order.id, number: formatOrderNumber(order.seq), from, to, reason });
