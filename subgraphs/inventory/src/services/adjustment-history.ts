import type { PrismaClient, StockAdjustment } from "@floorgraph/prisma/inventory";

/**
 * The newest `first` adjustments of each SKU, in one statement for any number of SKUs: a window
 * function limits per SKU, where Prisma's nested `take` would load them all and cut in memory.
 */
export function recentAdjustments(prisma: PrismaClient, skuIds: string[], first: number): Promise<StockAdjustment[]> {
  return prisma.$queryRaw<StockAdjustment[]>`
    SELECT r.id, r."skuId", r."locationId", r.lot, r.delta, r."quantityAfter", r.reason::text AS reason, r.note,
           r."actorId", r."transferId", r."createdAt"
    FROM (
      SELECT a.*, row_number() OVER (PARTITION BY a."skuId" ORDER BY a."createdAt" DESC, a.id DESC) AS position
      FROM "StockAdjustment" a
      WHERE a."skuId" = ANY(${skuIds}::uuid[])
    ) r
    WHERE r.position <= ${first}
    ORDER BY r."createdAt" DESC, r.id DESC`;
}
