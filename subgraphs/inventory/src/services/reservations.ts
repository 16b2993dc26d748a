import type { Outbox } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/inventory";
import { allocate, type Allocation } from "./allocation.ts";
import { orderAllocated, orderReleased, pickRecorded, type AllocationMade, type LineState } from "./inventory-events.ts";

import type { OrderPlacedData } from "@floorgraph/orders/events";
import type { PickConfirmedData } from "@floorgraph/warehouse/events";

type Tx = Prisma.TransactionClient;

/** What inventory reads of order.placed and warehouse.pick_confirmed (their producers' contracts). */
export type PlacedOrder = Pick<OrderPlacedData, "orderId" | "number" | "priority" | "partnerId"> & { lines: Pick<OrderPlacedData["lines"][number], "lineId" | "skuCode" | "quantity">[] };
export type ConfirmedPick = Pick<PickConfirmedData, "orderId" | "taskId" | "lineId" | "allocationId" | "quantity" | "picked" | "pickerId" | "toteId">;

/** Thrown for an event that can never be applied (it goes to the dlq after its retries). */
export class UnprocessableEvent extends Error {}

const made = (reservationId: string, lineId: string, skuCode: string, a: Allocation): AllocationMade => ({
  allocationId: reservationId,
  lineId,
  skuCode,
  locationId: a.locationId,
  lot: a.lot,
  quantity: a.quantity,
});

/** Stock held for orders: reserved when placed, released when cancelled, consumed when picked. */
export function createReservationService(outbox: Outbox) {
  async function reserve(tx: Tx, orderId: string, lineId: string, sku: { id: string; code: string; lotTracked: boolean }, wanted: number, exclude: string[] = []) {
    const allocations = await allocate(tx, sku, wanted, exclude);
    const result: AllocationMade[] = [];
    for (const a of allocations) {
      const reservation = await tx.reservation.create({ data: { orderId, lineId, skuId: sku.id, stockItemId: a.stockItemId, quantity: a.quantity } });
      result.push(made(reservation.id, lineId, sku.code, a));
    }
    return result;
  }

  async function lineStates(tx: Tx, orderId: string): Promise<LineState[]> {
    const demand = await tx.demandLine.findMany({ where: { orderId }, include: { sku: { select: { code: true } } }, orderBy: { lineId: "asc" } });
    const active = await tx.reservation.findMany({ where: { orderId, status: "ACTIVE" }, select: { lineId: true, quantity: true, picked: true } });
    return demand.map((d) => ({
      lineId: d.lineId,
      skuCode: d.sku.code,
      quantity: d.quantity,
      reserved: active.filter((r) => r.lineId === d.lineId).reduce((sum, r) => sum + r.quantity - r.picked, 0),
      backordered: d.backordered,
    }));
  }

  /** Everything still reserved for the order, as allocations to pick. */
  async function activeAllocations(tx: Tx, orderId: string): Promise<AllocationMade[]> {
    const active = await tx.reservation.findMany({ where: { orderId, status: "ACTIVE" }, include: { sku: true, stockItem: true }, orderBy: { createdAt: "asc" } });
    return active.map((r) => made(r.id, r.lineId, r.sku.code, { stockItemId: r.stockItemId, locationId: r.stockItem.locationId, lot: r.stockItem.lot, quantity: r.quantity - r.picked }));
  }

  return {
    /**
     * New stock of a SKU goes to its backorders first, oldest first. An order whose lines are all
     * covered now is announced ALLOCATED again, with every reservation it holds, so the warehouse
     * plans it whole.
     */
    async retryBackorders(tx: Tx, sku: { id: string; code: string; lotTracked: boolean }) {
      const waiting = await tx.$queryRaw<{ lineId: string; orderId: string; backordered: number }[]>`
        SELECT "lineId", "orderId", backordered FROM "DemandLine"
        WHERE "skuId" = ${sku.id}::uuid AND backordered > 0 AND NOT cancelled
        ORDER BY "createdAt", "lineId"
        FOR UPDATE`;
      const touched = new Set<string>();
      for (const line of waiting) {
        const reserved = await reserve(tx, line.orderId, line.lineId, sku, line.backordered);
        const got = reserved.reduce((sum, a) => sum + a.quantity, 0);
        if (got === 0) break;
        await tx.demandLine.update({ where: { lineId: line.lineId }, data: { backordered: { decrement: got } } });
        touched.add(line.orderId);
      }
      for (const orderId of touched) {
        const states = await lineStates(tx, orderId);
        if (states.some((l) => l.backordered > 0)) continue;
        const demand = await tx.demandLine.findFirstOrThrow({ where: { orderId } });
        const about = { number: demand.orderNumber, priority: demand.priority, partnerId: demand.partnerId };
        await outbox.append(tx, orderAllocated({ orderId, order: about, outcome: "ALLOCATED", lines: states, allocations: await activeAllocations(tx, orderId) }));
      }
      return touched.size;
    },

    /** Reserves every line (or what there is of it) and reports the order ALLOCATED or BACKORDERED. */
    async reserveOrder(tx: Tx, order: PlacedOrder) {
      if (!Array.isArray(order.lines) || !order.lines.length) throw new UnprocessableEvent("order.placed without lines");
      const skus = await tx.sku.findMany({ where: { code: { in: order.lines.map((l) => l.skuCode) } } });
      const byCode = new Map(skus.map((s) => [s.code, s]));
      const allocations: AllocationMade[] = [];
      // Lines in SKU id order: two orders locking the same SKUs lock them in the same order.
      const lines = [...order.lines].sort((a, b) => (byCode.get(a.skuCode)?.id ?? "").localeCompare(byCode.get(b.skuCode)?.id ?? ""));
      for (const line of lines) {
        const sku = byCode.get(line.skuCode);
        if (!sku) throw new UnprocessableEvent(`order ${order.number} names unknown SKU ${line.skuCode}`);
        if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new UnprocessableEvent(`order ${order.number} line ${line.lineId} has quantity ${line.quantity}`);
        const reserved = await reserve(tx, order.orderId, line.lineId, sku, line.quantity);
        const got = reserved.reduce((sum, a) => sum + a.quantity, 0);
        await tx.demandLine.create({
          data: {
            lineId: line.lineId,
            orderId: order.orderId,
            orderNumber: order.number,
            priority: order.priority,
            partnerId: order.partnerId ?? null,
            skuId: sku.id,
            quantity: line.quantity,
            backordered: line.quantity - got,
          },
        });
        allocations.push(...reserved);
      }
      const states = await lineStates(tx, order.orderId);
      const outcome = states.every((l) => l.backordered === 0) ? "ALLOCATED" : "BACKORDERED";
      const about = { number: order.number, priority: order.priority, partnerId: order.partnerId ?? null };
      await outbox.append(tx, orderAllocated({ orderId: order.orderId, order: about, outcome, lines: states, allocations }));
    },

    /** Compensation for a cancelled order: every active reservation goes back to available stock. */
    async releaseOrder(tx: Tx, orderId: string) {
      const active = await tx.reservation.findMany({ where: { orderId, status: "ACTIVE" }, orderBy: { stockItemId: "asc" } });
      let releasedQuantity = 0;
      for (const r of active) {
        const remaining = r.quantity - r.picked;
        await tx.stockItem.update({ where: { id: r.stockItemId }, data: { reserved: { decrement: remaining } } });
        await tx.reservation.update({ where: { id: r.id }, data: { status: "RELEASED" } });
        releasedQuantity += remaining;
      }
      await tx.demandLine.updateMany({ where: { orderId }, data: { cancelled: true, backordered: 0 } });
      await outbox.append(tx, orderReleased({ orderId, lines: await lineStates(tx, orderId), releasedQuantity }));
    },

    /**
     * A confirmed pick takes the picked units off the shelf (a PICK adjustment by the picker) and
     * ends its reservation. A short pick's missing units are re-allocated from other stock, or
     * backordered when there is none.
     */
    async recordPick(tx: Tx, pick: ConfirmedPick) {
      const reservation = await tx.reservation.findUnique({ where: { id: pick.allocationId }, include: { sku: true, stockItem: true } });
      if (!reservation || reservation.orderId !== pick.orderId) throw new UnprocessableEvent(`pick ${pick.taskId} names unknown allocation ${pick.allocationId}`);
      if (!Number.isInteger(pick.picked) || pick.picked < 0 || pick.picked > reservation.quantity) {
        throw new UnprocessableEvent(`pick ${pick.taskId} reports ${pick.picked} of ${reservation.quantity} units`);
      }
      if (reservation.status !== "ACTIVE" && reservation.status !== "RELEASED") return;
      const wasActive = reservation.status === "ACTIVE";
      const item = reservation.stockItem;
      await tx.stockItem.update({
        where: { id: item.id },
        data: { quantity: { decrement: pick.picked }, ...(wasActive ? { reserved: { decrement: reservation.quantity - reservation.picked } } : {}) },
      });
      await tx.reservation.update({ where: { id: reservation.id }, data: { picked: pick.picked, status: wasActive ? "CONSUMED" : "RELEASED" } });
      if (pick.picked > 0 && pick.pickerId) {
        await tx.stockAdjustment.create({
          data: {
            skuId: reservation.skuId,
            locationId: item.locationId,
            lot: item.lot,
            delta: -pick.picked,
            quantityAfter: item.quantity - pick.picked,
            reason: "PICK",
            note: `pick task ${pick.taskId}${pick.toteId ? ` into tote ${pick.toteId}` : ""}`,
            actorId: pick.pickerId,
          },
        });
      }
      const missing = reservation.quantity - pick.picked;
      let allocations: AllocationMade[] = [];
      if (wasActive && missing > 0) {
        allocations = await reserve(tx, pick.orderId, reservation.lineId, reservation.sku, missing, [item.id]);
        const found = allocations.reduce((sum, a) => sum + a.quantity, 0);
        if (found < missing) await tx.demandLine.update({ where: { lineId: reservation.lineId }, data: { backordered: { increment: missing - found } } });
      }
      await outbox.append(tx, pickRecorded({ orderId: pick.orderId, taskId: pick.taskId, allocations, lines: await lineStates(tx, pick.orderId) }));
    },
  };
}
export type ReservationService = ReturnType<typeof createReservationService>;
