import DataLoader from "dataloader";
import { entityLoader, groupLoader } from "@floorgraph/service";
import type { PrismaClient, Sku, StockAdjustment } from "@floorgraph/prisma/inventory";
import { recentAdjustments } from "./services/adjustment-history.ts";

/** Stock lists read largest quantity first; id breaks ties so the order is stable. */
const STOCK_ORDER = [{ quantity: "desc" as const }, { id: "asc" as const }];

/** Per-request batch loaders: one query per kind of lookup however many parents a plan asks for. */
export function createInventoryLoaders(prisma: PrismaClient) {
  const skuById = entityLoader((ids: string[]) => prisma.sku.findMany({ where: { id: { in: ids } } }), (s) => s.id);
  const primeById = (rows: Sku[]) => {
    for (const row of rows) skuById.prime(row.id, row);
    return rows;
  };
  const skuByCode = entityLoader(
    async (codes: string[]) => primeById(await prisma.sku.findMany({ where: { code: { in: codes } } })),
    (s) => s.code,
  );
  // Adjustments are limited per SKU, so each distinct `first` gets its own loader.
  const adjustmentLoaders = new Map<number, DataLoader<string, StockAdjustment[]>>();

  return {
    skuById,
    skuByCode,
    /** Makes SKUs read by other means (a list page) known to both lookups of this request. */
    rememberSkus(rows: Sku[]) {
      for (const row of rows) {
        skuById.prime(row.id, row);
        skuByCode.prime(row.code, row);
      }
      return rows;
    },
    stockBySku: groupLoader(
      (skuIds: string[]) => prisma.stockItem.findMany({ where: { skuId: { in: skuIds } }, orderBy: STOCK_ORDER }),
      (item) => item.skuId,
    ),
    stockByLocation: groupLoader(
      (locationIds: string[]) => prisma.stockItem.findMany({ where: { locationId: { in: locationIds } }, orderBy: STOCK_ORDER }),
      (item) => item.locationId,
    ),
    adjustmentsOfSku(first: number): DataLoader<string, StockAdjustment[]> {
      let loader = adjustmentLoaders.get(first);
      if (!loader) {
        loader = groupLoader((skuIds: string[]) => recentAdjustments(prisma, skuIds, first), (a) => a.skuId);
        adjustmentLoaders.set(first, loader);
      }
      return loader;
    },
  };
}
export type InventoryLoaders = ReturnType<typeof createInventoryLoaders>;
