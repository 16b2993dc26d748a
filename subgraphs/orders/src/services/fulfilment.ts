import type { DomainEvent, Outbox } from "@floorgraph/events";
import type { OrderStatus, Prisma } from "@floorgraph/prisma/orders";
import { allowedNextStatuses } from "./lifecycle.ts";
import type { LineState } from "@floorgraph/inventory/events";
import { orderStatusChanged } from "./order-events.ts";

type Tx = Prisma.TransactionClient;

/** What orders reads of a line's stock position, as inventory reports it after each change (its contract). */
export type LineAllocation = Pick<LineState, "lineId" | "reserved" | "backordered">;

/**
 * The lifecycle steps from one status to another, or null when `to` is not ahead of `from`.
 * Events from different services can arrive in either order (a wave release before the
 * allocation it followed): the order then walks every step in between, so its history stays a
 * valid path, and the late event finds the order already past it and changes nothing.
 */
export function pathTo(from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  if (to === "CANCELLED") return null;
  const previous = new Map<OrderStatus, OrderStatus>();
  const queue: OrderStatus[] = [from];
  while (queue.length) {
    const current = queue.shift() as OrderStatus;
    if (current === to) break;
    for (const next of allowedNextStatuses(current)) {
      if (next === "CANCELLED" || previous.has(next) || next === from) continue;
      previous.set(next, current);
      queue.push(next);
    }
  }
  if (!previous.has(to)) return null;
  const path: OrderStatus[] = [];
  for (let step: OrderStatus | undefined = to; step && step !== from; step = previous.get(step)) path.unshift(step);
  return path;
}

/** Order status and line projections that follow the other services' events. */
export function createFulfilmentFollower(outbox: Outbox) {
  async function advance(tx: Tx, orderId: string, to: OrderStatus, event: DomainEvent) {
    const order = await tx.order.findUnique({ where: { id: orderId } });
    if (!order) throw new Error(`event ${event.type} ${event.id} names unknown order ${orderId}`);
    const path = pathTo(order.status, to);
    if (!path?.length) return;
    let from = order.status;
    for (const step of path) {
      const reason = `${event.type} (${event.source})`;
      await tx.order.update({ where: { id: orderId, status: from }, data: { status: step } });
      await tx.orderStatusChange.create({ data: { orderId, fromStatus: from, toStatus: step, reason } });
      await outbox.append(tx, orderStatusChanged(order, from, step, reason));
      from = step;
    }
  }

  async function setAllocations(tx: Tx, orderId: string, lines: LineAllocation[]) {
    for (const line of lines) {
      await tx.orderLine.update({
        where: { id: line.lineId, orderId },
        data: { reservedQuantity: line.reserved, backorderedQuantity: line.backordered },
      });
    }
  }

  return { advance, setAllocations };
}
