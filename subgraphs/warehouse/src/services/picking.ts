import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, conflict, fromPrismaError, isRecordMissing, notFound } from "@floorgraph/errors";
import type { Outbox } from "@floorgraph/events";
import type { PickTask, Prisma, PrismaClient } from "@floorgraph/prisma/warehouse";
import { audit } from "./audit.ts";
import { pickConfirmed } from "./fulfilment-events.ts";
import type { PickRecordedData } from "@floorgraph/inventory/events";
import { completeWaveIfDone } from "./waves.ts";

type Tx = Prisma.TransactionClient;

/** Tote labels as scanned: letters, digits and dashes. */
const TOTE_ID = /^[A-Z0-9][A-Z0-9-]{0,31}$/;

/** What the warehouse reads of inventory.pick_recorded (inventory's contract). */
export type PickRecorded = Pick<PickRecordedData, "orderId" | "taskId" | "allocations">;

const WHY_NOT_PICKABLE: Record<string, string> = {
  PLANNED: "its wave is not released yet",
  PICKED: "it was already picked",
  SHORT: "it was already confirmed short",
  CANCELLED: "its order was cancelled",
};

/** Pickers confirm tasks; short picks wait for inventory's re-allocation. */
export function createPickingService(prisma: PrismaClient, outbox: Outbox) {
  return {
    async confirmPick(actor: Identity, taskId: string, quantity: number, toteId: string): Promise<PickTask> {
      const id = assertId(taskId, "taskId");
      const tote = toteId.trim().toUpperCase();
      if (!TOTE_ID.test(tote)) throw badInput("toteId must be 1 to 32 letters, digits or dashes, as on the tote's label", { field: "toteId" });
      if (!Number.isInteger(quantity) || quantity < 0) throw badInput("quantity must be 0 or more", { field: "quantity" });
      const confirmed = await prisma.$transaction(async (tx) => {
        const task = await tx.pickTask.findUnique({ where: { id } });
        if (!task) throw notFound("PickTask", id);
        if (task.status !== "RELEASED") throw conflict(`Pick task ${id} cannot be confirmed: ${WHY_NOT_PICKABLE[task.status]}`, { status: task.status });
        if (quantity > task.quantity) {
          throw badInput(`quantity ${quantity} is more than the task's ${task.quantity}; pick only what the task asks for`, { field: "quantity" });
        }
        const short = quantity < task.quantity;
        const updated = await tx.pickTask.update({
          // Matching the status makes a concurrent second confirmation fail instead of counting twice.
          where: { id, status: "RELEASED" },
          data: { status: short ? "SHORT" : "PICKED", pickedQuantity: quantity, toteId: tote, pickedBy: actor.userId, pickedAt: new Date(), awaitingReallocation: short },
        });
        const line = await tx.pickTask.aggregate({ where: { lineId: task.lineId }, _sum: { pickedQuantity: true } });
        await outbox.append(tx, pickConfirmed(updated, actor.userId, line._sum.pickedQuantity ?? 0));
        await audit(tx, actor, short ? "pick.short" : "pick.confirmed", "PickTask", id, { orderId: task.orderId, quantity, of: task.quantity, toteId: tote });
        await completeWaveIfDone(tx, task.waveId);
        return updated;
      }).catch((error: unknown) => {
        if (isRecordMissing(error)) throw conflict(`Pick task ${id} was confirmed by someone else meanwhile`);
        throw fromPrismaError(error, { field: "toteId" });
      });
      outbox.flush();
      return confirmed;
    },

    /** Inventory answered a short pick: new tasks for what it found elsewhere, straight onto the floor. */
    async reallocated(tx: Tx, recorded: PickRecorded) {
      const shorted = await tx.pickTask.findUnique({ where: { id: recorded.taskId } });
      if (!shorted) return;
      await tx.pickTask.update({ where: { id: shorted.id }, data: { awaitingReallocation: false } });
      const fulfilment = await tx.orderFulfilment.findUnique({ where: { orderId: recorded.orderId } });
      if (fulfilment?.status !== "OPEN") return;
      for (const a of recorded.allocations) {
        await tx.pickTask.create({ data: { ...a, waveId: shorted.waveId, orderId: recorded.orderId, status: "RELEASED" } });
      }
      if (recorded.allocations.length) await tx.wave.updateMany({ where: { id: shorted.waveId, status: "COMPLETED" }, data: { status: "RELEASED" } });
    },
  };
}
export type PickingService = ReturnType<typeof createPickingService>;
