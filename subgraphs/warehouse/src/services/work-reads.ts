import { assertId } from "@floorgraph/errors";
import type { PickTaskStatus, PrismaClient, WaveStatus } from "@floorgraph/prisma/warehouse";

/** Lists of pick work: waves newest first, tasks oldest first (the order they should be picked in). */
export function createWorkReads(prisma: PrismaClient) {
  return {
    async waves(args: { status?: WaveStatus | null; first: number; after?: string | null }) {
      const after = args.after ? await prisma.wave.findUnique({ where: { id: assertId(args.after, "after") }, select: { seq: true } }) : null;
      return prisma.wave.findMany({
        where: { ...(args.status ? { status: args.status } : {}), ...(after ? { seq: { lt: after.seq } } : {}) },
        orderBy: { seq: "desc" },
        take: args.first,
      });
    },
    async pickTasks(args: { status?: PickTaskStatus | null; waveId?: string | null; first: number; after?: string | null }) {
      const after = args.after ? await prisma.pickTask.findUnique({ where: { id: assertId(args.after, "after") }, select: { createdAt: true, id: true } }) : null;
      return prisma.pickTask.findMany({
        where: {
          ...(args.status ? { status: args.status } : {}),
          ...(args.waveId ? { waveId: assertId(args.waveId, "waveId") } : {}),
          ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: args.first,
      });
    },
    taskCount: (waveId: string) => prisma.pickTask.count({ where: { waveId } }),
    async orderCount(waveId: string) {
      const rows = await prisma.pickTask.findMany({ where: { waveId }, distinct: ["orderId"], select: { orderId: true } });
      return rows.length;
    },
  };
}
