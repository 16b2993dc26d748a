import { requireAnyScope } from "@floorgraph/auth";
import { assertId } from "@floorgraph/errors";
import { atMost, pageSize } from "@floorgraph/service";
import type { QueryResolvers } from "../generated/graphql.ts";
import type { SkuRow } from "../mappers.ts";
import { codesForLookup } from "../services/catalog.ts";
import { normalizeSkuCode } from "../services/sku-codes.ts";
import { requireReader } from "./readers.ts";

export const Query: QueryResolvers = {
  sku(_parent, { code }, ctx) {
    requireReader(ctx);
    return ctx.loaders.skuByCode.load(normalizeSkuCode(code));
  },
  async skus(_parent, { first, after, search, abcClass, belowReorderPoint }, ctx) {
    requireReader(ctx);
    const page = await ctx.services.catalog.listSkus({ first: pageSize(first, 50), after, search, abcClass, belowReorderPoint });
    return ctx.loaders.rememberSkus(page);
  },
  async skusByCodes(_parent, { codes }, ctx) {
    requireReader(ctx);
    const found = await Promise.all(codesForLookup(codes).map((code) => ctx.loaders.skuByCode.load(code)));
    return found.filter((sku): sku is SkuRow => sku !== null);
  },
  async knownSkuCodes(_parent, { codes }, ctx) {
    // Placing an order (orders:write) checks here that its codes exist, without reading stock.
    requireAnyScope(ctx, ["inventory:read", "orders:write"]);
    const found = await Promise.all(codesForLookup(codes).map((code) => ctx.loaders.skuByCode.load(code)));
    return found.filter((sku): sku is SkuRow => sku !== null).map((sku) => sku.code);
  },
  async stockAt(_parent, { locationId, first }, ctx) {
    requireReader(ctx);
    const size = pageSize(first, 50);
    return atMost(await ctx.loaders.stockByLocation.load(assertId(locationId, "locationId")), size);
  },
};
