import { z } from "zod";
import { defineEvent } from "@floorgraph/events";

/**
 * The events the orders service publishes (topic order.events, keyed by order id). Consumers import
 * this contract (`@floorgraph/orders/events`), never re-declare it. It imports nothing generated,
 * so consumers type-check against it without the producer's Prisma client.
 */
export const ORDER_STATUSES = ["CREATED", "ALLOCATED", "BACKORDERED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED"] as const;
const orderStatus = z.enum(ORDER_STATUSES);

export const orderPlaced = defineEvent({
  type: "order.placed",
  source: "orders",
  description: "An order was placed: its lines, for inventory to reserve (and the warehouse to plan, via inventory.order_allocated).",
  data: z.object({
    orderId: z.string(),
    number: z.string(),
    priority: z.string(),
    partnerId: z.string().nullable(),
    customerId: z.string(),
    lines: z.array(z.object({ lineId: z.string(), lineNumber: z.number().int().positive(), skuCode: z.string(), quantity: z.number().int().positive() })).min(1),
  }),
});

export const orderCancelled = defineEvent({
  type: "order.cancelled",
  source: "orders",
  description: "An order was cancelled: its reservations are released and its open pick work is taken back.",
  data: z.object({ orderId: z.string(), number: z.string(), reason: z.string().nullable() }),
});

export const orderStatusChanged = defineEvent({
  type: "order.status_changed",
  source: "orders",
  description: "An order moved from one lifecycle status to another (one event per step).",
  data: z.object({ orderId: z.string(), number: z.string(), from: orderStatus, to: orderStatus, reason: z.string().nullable() }),
});

export type OrderPlacedData = z.infer<typeof orderPlaced.data>;
export type OrderCancelledData = z.infer<typeof orderCancelled.data>;
export type OrderStatusChangedData = z.infer<typeof orderStatusChanged.data>;

export const ordersContracts = [orderPlaced, orderCancelled, orderStatusChanged] as const;
