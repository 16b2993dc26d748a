import { requireRole } from "@floorgraph/auth";
import type { MutationResolvers } from "../generated/graphql.ts";

const LAYOUT_EDITORS = ["ADMIN", "SUPERVISOR"] as const;
const WAVE_RELEASERS = ["ADMIN", "SUPERVISOR", "OPERATOR"] as const;
const FLOOR_STAFF = ["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER"] as const;

export const Mutation: MutationResolvers = {
  createWarehouse: (_parent, { input }, ctx) =>
    ctx.services.layout.createWarehouse(requireRole(ctx, LAYOUT_EDITORS, "create warehouses"), input),
  createZone: (_parent, { input }, ctx) => ctx.services.layout.createZone(requireRole(ctx, LAYOUT_EDITORS, "create zones"), input),
  createLocation: (_parent, { input }, ctx) =>
    ctx.services.locations.createLocation(requireRole(ctx, LAYOUT_EDITORS, "create locations"), input),
  setLocationActive: (_parent, { id, active }, ctx) =>
    ctx.services.locations.setLocationActive(requireRole(ctx, LAYOUT_EDITORS, "enable or disable locations"), id, active),
  releaseWave: (_parent, { id }, ctx) => ctx.services.waves.releaseWave(requireRole(ctx, WAVE_RELEASERS, "release waves"), id),
  confirmPick: (_parent, { taskId, quantity, toteId }, ctx) =>
    ctx.services.picking.confirmPick(requireRole(ctx, FLOOR_STAFF, "confirm picks"), taskId, quantity, toteId),
  confirmPack: (_parent, { orderId, packages }, ctx) =>
    ctx.services.packing.confirmPack(requireRole(ctx, FLOOR_STAFF, "confirm packing"), orderId, packages),
};
