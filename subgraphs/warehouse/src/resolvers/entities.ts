import { requireIdentity } from "@floorgraph/auth";
import { assertId, isId } from "@floorgraph/errors";
import { pageSize, atMost } from "@floorgraph/service";
import type { LocationResolvers, WarehouseResolvers, ZoneResolvers } from "../generated/graphql.ts";
import type { LocationRow, WarehouseRow, ZoneRow } from "../mappers.ts";

// The layout is not owned by any partner: every verified identity may read it.

/** A row a foreign key points at must exist (the database enforces it); its absence is a bug, not a null. */
function present<T>(row: T | null, what: string, id: string): T {
  if (!row) throw new Error(`${what} ${id} referenced but missing`);
  return row;
}

export const Warehouse: WarehouseResolvers = {
  __resolveReference(reference, ctx) {
    requireIdentity(ctx);
    return isId(reference.id) ? ctx.loaders.warehouse.load(reference.id.toLowerCase()) : null;
  },
  zones: async (warehouse: WarehouseRow, _args, ctx) => atMost(await ctx.loaders.zonesOfWarehouse.load(warehouse.id), 50),
  locations: (warehouse: WarehouseRow, { first, after, type, zoneId }, ctx) =>
    ctx.loaders.locationPage.load({
      parent: "warehouse",
      parentId: warehouse.id,
      first: pageSize(first, 50),
      after: after ? assertId(after, "after") : null,
      type: type ?? null,
      zoneId: zoneId ? assertId(zoneId, "zoneId") : null,
    }),
  locationCount: (warehouse: WarehouseRow, _args, ctx) => ctx.loaders.locationCountOfWarehouse.load(warehouse.id),
};

export const Zone: ZoneResolvers = {
  __resolveReference(reference, ctx) {
    requireIdentity(ctx);
    return isId(reference.id) ? ctx.loaders.zone.load(reference.id.toLowerCase()) : null;
  },
  warehouse: async (zone: ZoneRow, _args, ctx) => present(await ctx.loaders.warehouse.load(zone.warehouseId), "Warehouse", zone.warehouseId),
  locations: (zone: ZoneRow, { first, after, type }, ctx) =>
    ctx.loaders.locationPage.load({
      parent: "zone",
      parentId: zone.id,
      first: pageSize(first, 50),
      after: after ? assertId(after, "after") : null,
      type: type ?? null,
      zoneId: null,
    }),
  locationCount: (zone: ZoneRow, _args, ctx) => ctx.loaders.locationCountOfZone.load(zone.id),
};

export const Location: LocationResolvers = {
  __resolveReference(reference, ctx) {
    requireIdentity(ctx);
    return isId(reference.id) ? ctx.loaders.location.load(reference.id.toLowerCase()) : null;
  },
  zone: async (location: LocationRow, _args, ctx) => present(await ctx.loaders.zone.load(location.zoneId), "Zone", location.zoneId),
  warehouse: async (location: LocationRow, _args, ctx) =>
    present(await ctx.loaders.warehouse.load(location.warehouseId), "Warehouse", location.warehouseId),
};
