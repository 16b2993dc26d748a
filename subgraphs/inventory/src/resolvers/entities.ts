import { isId } from "@floorgraph/errors";
import { pageSize, atMost } from "@floorgraph/service";
import type { LocationResolvers, SkuResolvers, StockAdjustmentResolvers, StockItemResolvers } from "../generated/graphql.ts";
import { normalizeSkuCode } from "../services/sku-codes.ts";
import { lotOut } from "../services/stock-rules.ts";
import { isBelowReorderPoint, stockTotals } from "../services/stock-totals.ts";
import { requireReader } from "./readers.ts";

export const Sku: SkuResolvers = {
  __resolveReference(reference, ctx) {
    requireReader(ctx);
    return ctx.loaders.skuByCode.load(normalizeSkuCode(reference.code));
  },
  stock: async (sku, { first }, ctx) => atMost(await ctx.loaders.stockBySku.load(sku.id), pageSize(first, 50)),
  totalOnHand: async (sku, _args, ctx) => stockTotals(await ctx.loaders.stockBySku.load(sku.id)).onHand,
  totalReserved: async (sku, _args, ctx) => stockTotals(await ctx.loaders.stockBySku.load(sku.id)).reserved,
  totalAvailable: async (sku, _args, ctx) => stockTotals(await ctx.loaders.stockBySku.load(sku.id)).available,
  belowReorderPoint: async (sku, _args, ctx) => isBelowReorderPoint(sku, stockTotals(await ctx.loaders.stockBySku.load(sku.id))),
  adjustments: (sku, { first }, ctx) => ctx.loaders.adjustmentsOfSku(pageSize(first, 20)).load(sku.id),
};

export const StockItem: StockItemResolvers = {
  // The foreign key guarantees the SKU exists.
  sku: async (item, _args, ctx) => (await ctx.loaders.skuById.load(item.skuId))!,
  location: (item) => ({ id: item.locationId }),
  lot: (item) => lotOut(item.lot),
  available: (item) => item.quantity - item.reserved,
};

export const StockAdjustment: StockAdjustmentResolvers = {
  sku: async (adjustment, _args, ctx) => (await ctx.loaders.skuById.load(adjustment.skuId))!,
  location: (adjustment) => ({ id: adjustment.locationId }),
  lot: (adjustment) => lotOut(adjustment.lot),
  actor: (adjustment) => ({ id: adjustment.actorId }),
};

export const Location: LocationResolvers = {
  __resolveReference(reference, ctx) {
    requireReader(ctx);
    return { id: reference.id };
  },
  // A malformed id cannot hold stock; asking the database would only fail.
  stock: async (location, { first }, ctx) => {
    const size = pageSize(first, 50);
    return isId(location.id) ? atMost(await ctx.loaders.stockByLocation.load(location.id.toLowerCase()), size) : [];
  },
};
