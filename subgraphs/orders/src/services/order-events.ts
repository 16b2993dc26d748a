import type { Order, OrderStatus } from "@floorgraph/prisma/orders";
import { orderCancelled as cancelled, orderPlaced as placed, orderStatusChanged as statusChanged } from "../events/contract.ts";
import { formatOrderNumber } from "./order-number.ts";

/** Builds the orders service's events from its rows; their payloads are typed and checked by ../events/contract.ts. */
export const orderPlaced = (order: Order, lines: { id: string; lineNumber: number; skuCode: string; quantity: number }[]) =>
  placed.create(order.id, {
    orderId: order.id,
    number: formatOrderNumber(order.seq),
    priority: order.priority,
    partnerId: order.partnerId,
    customerId: order.customerId,
    lines: lines.map((l) => ({ lineId: l.id, lineNumber: l.lineNumber, skuCode: l.skuCode, quantity: l.quantity })),
  });

export const orderCancelled = (order: Order, reason: string | null) => cancelled.create(order.id, { orderId: order.id, number: formatOrderNumber(order.seq), reason });

export const orderStatusChanged = (order: Pick<Order, "id" | "seq">, from: OrderStatus, to: OrderStatus, reason: string | null) =>
  statusChanged.create(order.id, { orderId: order.id, number: formatOrderNumber(order.seq), from, to, reason });
