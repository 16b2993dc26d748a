import { requireIdentity, requireRole, STAFF_ROLES } from "@floorgraph/auth";
import { assertId } from "@floorgraph/errors";
import { pageSize } from "@floorgraph/service";
import type { QueryResolvers } from "../generated/graphql.ts";

// Reads need a verified identity and nothing more: the layout is shared by staff and partners.
export const Query: QueryResolvers = {
  warehouses(_parent, { first, after }, ctx) {
    requireIdentity(ctx);
    return ctx.services.layout.listWarehouses(pageSize(first, 50), after);
  },
  warehouse(_parent, { id, code }, ctx) {
    requireIdentity(ctx);
    return ctx.services.layout.findWarehouse(id, code);
  },
  zone(_parent, { id }, ctx) {
    requireIdentity(ctx);
    return ctx.loaders.zone.load(assertId(id));
  },
  location(_parent, { id }, ctx) {
    requireIdentity(ctx);
    return ctx.loaders.location.load(assertId(id));
  },
  locationByCode(_parent, { warehouseCode, code }, ctx) {
    requireIdentity(ctx);
    return ctx.services.locations.findByCode(warehouseCode, code);
  },
  locations(_parent, { warehouseCode, zoneId, type, first, after }, ctx) {
    requireIdentity(ctx);
    return ctx.services.locations.listLocations({ warehouseCode, zoneId, type }, pageSize(first, 50), after);
  },
  wave(_parent, { id }, ctx) {
    requireRole(ctx, STAFF_ROLES, "see pick work");
    return ctx.loaders.wave.load(assertId(id));
  },
  waves(_parent, { status, first, after }, ctx) {
    requireRole(ctx, STAFF_ROLES, "see pick work");
    return ctx.services.work.waves({ status, first: pageSize(first, 20), after });
  },
  pickTasks(_parent, { status, waveId, first, after }, ctx) {
    requireRole(ctx, STAFF_ROLES, "see pick work");
    return ctx.services.work.pickTasks({ status, waveId, first: pageSize(first, 50), after });
  },
};
