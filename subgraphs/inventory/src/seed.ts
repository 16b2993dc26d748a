import type { SeedCounts } from "@floorgraph/service";
import { demoDataset, demoUsers, inChunks, SEED_TRANSACTION_OPTIONS } from "@floorgraph/demo-data";
import type { Logger } from "@floorgraph/logger";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/inventory";

/**
 * Writes the demo catalogue and stock (reservations of allocated demo orders included), with one
 * RECEIPT adjustment per stock row as its opening balance so every on-hand quantity has a history.
 */
export async function seedInventory(prisma: PrismaClient, logger: Logger): Promise<SeedCounts | false> {
  if ((await prisma.sku.count()) > 0) return false;
  const { skus, stock } = demoDataset();
  const skuIds = new Map(skus.map((s) => [s.code, s.id]));
  const admin = demoUsers.find((u) => u.role === "ADMIN");
  if (!admin) throw new Error("the demo data set has no ADMIN user to attribute opening balances to");

  const items: Prisma.StockItemCreateManyInput[] = stock.map((s) => ({
    id: s.id,
    skuId: skuIds.get(s.skuCode) as string,
    locationId: s.locationId,
    lot: s.lot ?? "",
    expiresOn: s.expiresOn ? new Date(`${s.expiresOn}T00:00:00Z`) : null,
    quantity: s.quantity,
    reserved: s.reserved,
  }));
  const openings: Prisma.StockAdjustmentCreateManyInput[] = items
    .filter((item) => (item.quantity ?? 0) > 0)
    .map((item) => ({
      skuId: item.skuId,
      locationId: item.locationId,
      lot: item.lot ?? "",
      delta: item.quantity ?? 0,
      quantityAfter: item.quantity ?? 0,
      reason: "RECEIPT",
      note: "Opening balance (demo data)",
      actorId: admin.id,
    }));

  await prisma.$transaction([
    ...inChunks(skus).map((data) => prisma.sku.createMany({ data })),
    ...inChunks(items).map((data) => prisma.stockItem.createMany({ data })),
    ...inChunks(openings).map((data) => prisma.stockAdjustment.createMany({ data })),
  ], SEED_TRANSACTION_OPTIONS);
  const counts = { skus: skus.length, stock: items.length };
  logger.info(counts, "seeded demo inventory");
  return counts;
}
