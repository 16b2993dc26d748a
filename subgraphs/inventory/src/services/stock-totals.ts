import type { Sku, StockItem } from "@floorgraph/prisma/inventory";

export interface StockTotals {
  onHand: number;
  reserved: number;
  available: number;
}

/** Sums a SKU's stock rows, as loaded in one batch for every SKU of a request. */
export function stockTotals(items: readonly Pick<StockItem, "quantity" | "reserved">[]): StockTotals {
  let onHand = 0;
  let reserved = 0;
  for (const item of items) {
    onHand += item.quantity;
    reserved += item.reserved;
  }
  return { onHand, reserved, available: onHand - reserved };
}

/** Replenishment is due when what can still be promised is at or under the reorder point. */
export const isBelowReorderPoint = (sku: Pick<Sku, "reorderPoint">, totals: StockTotals) => totals.available <= sku.reorderPoint;
