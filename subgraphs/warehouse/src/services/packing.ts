import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, conflict, notFound } from "@floorgraph/errors";
import type { Outbox } from "@floorgraph/events";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { audit } from "./audit.ts";
import { orderPacked } from "./fulfilment-events.ts";

export interface PackageInput {
  weightKg: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
}

function validatePackages(packages: readonly PackageInput[]) {
  if (packages.length < 1 || packages.length > 50) throw badInput("an order is packed into 1 to 50 packages", { field: "packages" });
  packages.forEach((p, i) => {
    if (!(p.weightKg > 0 && p.weightKg <= 1000)) throw badInput(`packages[${i}].weightKg must be more than 0 and at most 1000`, { field: `packages[${i}].weightKg` });
    for (const d of ["lengthCm", "widthCm", "heightCm"] as const) {
      if (!Number.isInteger(p[d]) || p[d] < 1 || p[d] > 400) throw badInput(`packages[${i}].${d} must be 1 to 400`, { field: `packages[${i}].${d}` });
    }
  });
}

const OPEN_TASK = ["PLANNED", "RELEASED"] as const;

/** The pack station: an order whose picking is finished is packed, and shipping hears of it. */
export function createPackingService(prisma: PrismaClient, outbox: Outbox) {
  return {
    async confirmPack(actor: Identity, id: string, packages: readonly PackageInput[]) {
      const orderId = assertId(id, "orderId");
      validatePackages(packages);
      await prisma.$transaction(async (tx) => {
        const fulfilment = await tx.orderFulfilment.findUnique({ where: { orderId } });
        if (!fulfilment) throw notFound("Order with pick tasks", orderId);
        if (fulfilment.status !== "OPEN") throw conflict(`Order ${fulfilment.orderNumber} is ${fulfilment.status.toLowerCase()}; it cannot be packed`);
        const tasks = await tx.pickTask.findMany({ where: { orderId }, include: { wave: { select: { warehouseId: true } } } });
        const open = tasks.filter((t) => (OPEN_TASK as readonly string[]).includes(t.status)).length;
        if (open) throw conflict(`Order ${fulfilment.orderNumber} has ${open} pick task(s) still to pick`, { openTasks: open });
        if (tasks.some((t) => t.awaitingReallocation)) throw conflict(`Order ${fulfilment.orderNumber} waits for a short pick's re-allocation; try again shortly`);
        const pickedUnits = tasks.reduce((sum, t) => sum + (t.pickedQuantity ?? 0), 0);
        if (pickedUnits === 0) throw conflict(`Nothing was picked for order ${fulfilment.orderNumber}; there is nothing to pack`);
        const updated = await tx.orderFulfilment.update({
          where: { orderId, status: "OPEN" },
          data: { status: "PACKED", packages: packages.map((p) => ({ ...p })), packedAt: new Date(), packedBy: actor.userId },
        });
        await outbox.append(
          tx,
          orderPacked({
            orderId,
            number: updated.orderNumber,
            partnerId: updated.partnerId,
            warehouseId: tasks[0]?.wave.warehouseId as string,
            packages: packages.map((p) => ({ ...p })),
            pickedUnits,
          }),
        );
        await audit(tx, actor, "order.packed", "Order", orderId, { number: updated.orderNumber, packages: packages.length, pickedUnits });
      });
      outbox.flush();
      return { id: orderId };
    },
  };
}
