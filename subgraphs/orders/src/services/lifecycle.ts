import { conflict } from "@floorgraph/errors";
import type { OrderStatus } from "@floorgraph/prisma/orders";

/**
 * The order lifecycle: which status may follow which. Everything else (skipping a step, going
 * back, leaving a final state) is refused, so the status history always reads as a valid path.
 */
const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  CREATED: ["ALLOCATED", "BACKORDERED", "CANCELLED"],
  BACKORDERED: ["ALLOCATED", "CANCELLED"],
  ALLOCATED: ["RELEASED", "CANCELLED"],
  RELEASED: ["PICKING", "CANCELLED"],
  PICKING: ["PACKED", "CANCELLED"],
  PACKED: ["SHIPPED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: [],
  CANCELLED: [],
};

export const allowedNextStatuses = (from: OrderStatus): readonly OrderStatus[] => NEXT[from];

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

export const isFinal = (status: OrderStatus): boolean => NEXT[status].length === 0;

/** Throws CONFLICT, naming both states and what would have been allowed, when `from → to` is not a step of the lifecycle. */
export function assertTransition(from: OrderStatus, to: OrderStatus, orderNumber: string): void {
  if (canTransition(from, to)) return;
  const allowed = NEXT[from];
  const hint = allowed.length ? `allowed next: ${allowed.join(", ")}` : `${from} is final`;
  throw conflict(`Order ${orderNumber} cannot move from ${from} to ${to} (${hint})`, { from, to, allowed: [...allowed] });
}
