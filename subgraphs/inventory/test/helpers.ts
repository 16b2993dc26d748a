import { demoDataset, type DemoStock } from "@floorgraph/demo-data";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import type { TestSubgraph } from "@floorgraph/testing";

export const demo = demoDataset();
/** A well-formed id that no row has. */
export const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

export const skuOf = (code: string) => demo.skus.find((s) => s.code === code)!;
export const locationByCode = (code: string, warehouse = "AMS1") => {
  const w = demo.warehouses.find((x) => x.code === warehouse)!;
  return demo.locations.find((l) => l.warehouseId === w.id && l.code === code)!;
};

/** The first demo stock row matching a predicate, e.g. a non-lot row with nothing reserved. */
export const stockWhere = (predicate: (s: DemoStock, lotTracked: boolean) => boolean) =>
  demo.stock.find((s) => predicate(s, skuOf(s.skuCode).lotTracked))!;

/** Demo locations that hold no demo stock: safe targets for receipts and transfers. */
export const emptyLocations = (() => {
  const used = new Set(demo.stock.map((s) => s.locationId));
  return demo.locations.filter((l) => l.type === "PICK" && !used.has(l.id));
})();

/** Everything a write could touch, to prove a refused mutation wrote nothing. */
export async function writeCounts(subgraph: TestSubgraph<PrismaClient>) {
  const { prisma } = subgraph;
  const [skus, items, adjustments, audits, onHand] = await Promise.all([
    prisma.sku.count(),
    prisma.stockItem.count(),
    prisma.stockAdjustment.count(),
    prisma.auditEntry.count(),
    prisma.stockItem.aggregate({ _sum: { quantity: true } }),
  ]);
  return { skus, items, adjustments, audits, onHand: onHand._sum.quantity };
}

export const STOCK_ITEM = `id lot expiresOn quantity reserved available location { id } sku { code }`;
