import type { Identity } from "@floorgraph/auth";
import { assertId, conflict, notFound } from "@floorgraph/errors";
import type { Outbox } from "@floorgraph/events";
import type { Prisma, PrismaClient, Wave } from "@floorgraph/prisma/warehouse";
import { audit } from "./audit.ts";
import { formatWaveNumber, orderReleased, pickTasksPlanned, tasksCancelled } from "./fulfilment-events.ts";

import type { AllocationMade, OrderAllocatedData } from "@floorgraph/inventory/events";

type Tx = Prisma.TransactionClient;

/** What the warehouse reads of inventory.order_allocated (inventory's contract). */
export type AllocationToPick = AllocationMade;
export type AllocatedOrder = Pick<OrderAllocatedData, "orderId" | "order" | "outcome" | "allocations">;

/** Thrown for an event that can never be applied (it goes to the dlq after its retries). */
export class UnprocessableEvent extends Error {}

async function warehousesOf(tx: Tx, allocations: AllocationToPick[]) {
  const ids = [...new Set(allocations.map((a) => a.locationId))];
  const locations = await tx.location.findMany({ where: { id: { in: ids } }, select: { id: true, warehouseId: true } });
  const byId = new Map(locations.map((l) => [l.id, l.warehouseId]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) throw new UnprocessableEvent(`allocations name unknown locations ${missing.join(", ")}`);
  return byId;
}

/** Waves: planned from inventory's allocations, released by a supervisor, cancelled with their order. */
export function createWaveService(prisma: PrismaClient, outbox: Outbox) {
  /** The warehouse's wave still being planned, or a new one. */
  async function planningWave(tx: Tx, warehouseId: string): Promise<Wave> {
    await lockWavePlanning(tx, warehouseId);
    const open = await tx.wave.findFirst({ where: { warehouseId, status: "PLANNED" }, orderBy: { seq: "desc" } });
    return open ?? tx.wave.create({ data: { warehouseId } });
  }

  return {
    /** A fully allocated order gets a pick task per allocation (line and location) in its warehouse's planning wave. */
    async planOrder(tx: Tx, allocated: AllocatedOrder) {
      const fulfilment = await tx.orderFulfilment.upsert({
        where: { orderId: allocated.orderId },
        create: { orderId: allocated.orderId, orderNumber: allocated.order.number, partnerId: allocated.order.partnerId, priority: allocated.order.priority },
        update: {},
      });
      if (fulfilment.status !== "OPEN" || allocated.outcome !== "ALLOCATED" || !allocated.allocations.length) return;
      // A backorder filled later comes with every reservation of the order; some may be planned already.
      const planned = await tx.pickTask.findMany({ where: { allocationId: { in: allocated.allocations.map((a) => a.allocationId) } }, select: { allocationId: true } });
      const known = new Set(planned.map((t) => t.allocationId));
      const toPlan = allocated.allocations.filter((a) => !known.has(a.allocationId));
      if (!toPlan.length) return;
      const warehouseOf = await warehousesOf(tx, toPlan);
      const byWarehouse = new Map<string, AllocationToPick[]>();
      for (const a of toPlan) byWarehouse.set(warehouseOf.get(a.locationId) as string, [...(byWarehouse.get(warehouseOf.get(a.locationId) as string) ?? []), a]);
      // Warehouses in id order: two orders spanning the same two warehouses lock them in the same order.
      for (const [warehouseId, allocations] of [...byWarehouse].sort(([a], [b]) => a.localeCompare(b))) {
        const wave = await planningWave(tx, warehouseId);
        const taskIds: string[] = [];
        for (const a of allocations) {
          const task = await tx.pickTask.create({ data: { ...a, waveId: wave.id, orderId: allocated.orderId } });
          taskIds.push(task.id);
        }
        await outbox.append(tx, pickTasksPlanned({ orderId: allocated.orderId, waveId: wave.id, taskIds }));
      }
    },

    /** Puts a planned wave on the floor; each of its orders hears it is released. */
    async releaseWave(actor: Identity, id: string) {
      const waveId = assertId(id);
      const released = await prisma.$transaction(async (tx) => {
        const found = await tx.wave.findUnique({ where: { id: waveId }, select: { warehouseId: true } });
        if (!found) throw notFound("Wave", waveId);
        await lockWavePlanning(tx, found.warehouseId);
        const wave = await tx.wave.findUniqueOrThrow({ where: { id: waveId } });
        const number = formatWaveNumber(wave.seq);
        if (wave.status !== "PLANNED") throw conflict(`Wave ${number} is ${wave.status}; only a PLANNED wave can be released`);
        const tasks = await tx.pickTask.findMany({ where: { waveId, status: "PLANNED" }, select: { orderId: true } });
        if (!tasks.length) throw conflict(`Wave ${number} has no tasks to release`);
        const updated = await tx.wave.update({ where: { id: waveId, status: "PLANNED" }, data: { status: "RELEASED", releasedAt: new Date(), releasedBy: actor.userId } });
        await tx.pickTask.updateMany({ where: { waveId, status: "PLANNED" }, data: { status: "RELEASED" } });
        const orderIds = [...new Set(tasks.map((t) => t.orderId))];
        for (const orderId of orderIds) await outbox.append(tx, orderReleased({ orderId, waveId, waveNumber: number }));
        await audit(tx, actor, "wave.released", "Wave", waveId, { number, tasks: tasks.length, orders: orderIds.length });
        return updated;
      });
      outbox.flush();
      return released;
    },

    /** Compensation: a cancelled order's open tasks are cancelled, and no later allocation plans new ones. */
    async cancelOrder(tx: Tx, orderId: string, number: string) {
      await tx.orderFulfilment.upsert({
        where: { orderId },
        create: { orderId, orderNumber: number, priority: "NORMAL", status: "CANCELLED" },
        update: { status: "CANCELLED" },
      });
      const open = await tx.pickTask.findMany({ where: { orderId, status: { in: ["PLANNED", "RELEASED"] } }, select: { id: true, waveId: true } });
      if (!open.length) return;
      await tx.pickTask.updateMany({ where: { id: { in: open.map((t) => t.id) } }, data: { status: "CANCELLED", awaitingReallocation: false } });
      for (const waveId of new Set(open.map((t) => t.waveId))) await completeWaveIfDone(tx, waveId);
      await outbox.append(tx, tasksCancelled({ orderId, taskIds: open.map((t) => t.id) }));
    },
  };
}
export type WaveService = ReturnType<typeof createWaveService>;

/**
 * One planner per warehouse at a time, for the rest of the transaction: orders planned side by side
 * (a consumer's partitions run concurrently) join the same wave, and a release never misses a task
 * being added to the wave it releases.
 */
async function lockWavePlanning(tx: Tx, warehouseId: string) {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`wave:${warehouseId}`}))::text`;
}

/** A released wave with nothing left to pick is complete. */
export async function completeWaveIfDone(tx: Tx, waveId: string) {
  const open = await tx.pickTask.count({ where: { waveId, status: { in: ["PLANNED", "RELEASED"] } } });
  if (open === 0) await tx.wave.updateMany({ where: { id: waveId, status: "RELEASED" }, data: { status: "COMPLETED" } });
}
