import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, conflict, fromPrismaError, isRecordMissing, notFound } from "@floorgraph/errors";
import type { Outbox } from "@floorgraph/events";
import type { Order, OrderStatus, PrismaClient } from "@floorgraph/prisma/orders";
import { canSeeOrder } from "./access.ts";
import { audit } from "./audit.ts";
import { assertTransition } from "./lifecycle.ts";
import { orderCancelled, orderStatusChanged } from "./order-events.ts";
import { formatOrderNumber } from "./order-number.ts";

const MAX_REASON = 500;

function normalizeReason(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() || null;
  if (trimmed && trimmed.length > MAX_REASON) throw badInput(`reason must be at most ${MAX_REASON} characters`, { field: "reason" });
  return trimmed;
}

export function createStatusService(prisma: PrismaClient, outbox: Outbox) {
  /** An order the actor may act on; others' orders are NOT_FOUND, as if they did not exist. */
  async function load(actor: Identity, id: string): Promise<Order> {
    const orderId = assertId(id);
    const order = await prisma.order.findUnique({ where: { id: orderId } });
    if (!order || !canSeeOrder(actor, order)) throw notFound("Order", orderId);
    return order;
  }

  /**
   * One lifecycle step, checked against the lifecycle and applied only if nobody changed the
   * status meanwhile (the update matches the status it was checked against).
   */
  async function transition(actor: Identity, order: Order, to: OrderStatus, reason: string | null, action: string): Promise<Order> {
    const number = formatOrderNumber(order.seq);
    assertTransition(order.status, to, number);
    try {
      const updated = await prisma.$transaction(async (tx) => {
        const updated = await tx.order.update({
          where: { id: order.id, status: order.status },
          data: { status: to, ...(to === "CANCELLED" ? { cancellationReason: reason } : {}) },
        });
        await tx.orderStatusChange.create({ data: { orderId: order.id, fromStatus: order.status, toStatus: to, reason, actorId: actor.userId } });
        await audit(tx, actor, action, "Order", order.id, { number, from: order.status, to, reason });
        // A cancellation is what the other services compensate on; every step is news for dashboards.
        const news = orderStatusChanged(updated, order.status, to, reason);
        await outbox.append(tx, ...(to === "CANCELLED" ? [orderCancelled(updated, reason), news] : [news]));
        return updated;
      });
      outbox.flush();
      return updated;
    } catch (error) {
      if (isRecordMissing(error)) {
        throw conflict(`Order ${number} changed status while this request was made; reload it and try again`);
      }
      throw fromPrismaError(error, { field: "reason" });
    }
  }

  return {
    async setStatus(actor: Identity, id: string, to: OrderStatus, reason?: string | null) {
      const order = await load(actor, id);
      return transition(actor, order, to, normalizeReason(reason), "order.status_changed");
    },
    async cancel(actor: Identity, id: string, reason?: string | null) {
      const order = await load(actor, id);
      return transition(actor, order, "CANCELLED", normalizeReason(reason), "order.cancelled");
    },
  };
}
export type StatusService = ReturnType<typeof createStatusService>;
