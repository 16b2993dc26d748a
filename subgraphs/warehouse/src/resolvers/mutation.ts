import { requireRole } from "@floorgraph/auth";
import type { MutationResolvers } from "../generated/graphql.ts";

const LAYOUT_EDITORS = ["ADMIN", "SUPERVISOR"] as const;

export const Mutation: MutationResolvers = {
  createWarehouse: (_parent, { input }, ctx) =>
    ctx.services.layout.createWarehouse(requireRole(ctx, LAYOUT_EDITORS, "create warehouses"), input),
  createZone: (_parent, { input }, ctx) => ctx.services.layout.createZone(requireRole(ctx, LAYOUT_EDITORS, "create zones"), input),
  createLocation: (_parent, { input }, ctx) =>
    ctx.services.locations.createLocation(requireRole(ctx, LAYOUT_EDITORS, "create locations"), input),
  setLocationActive: (_parent, { id, active }, ctx) =>
    ctx.services.locations.setLocationActive(requireRole(ctx, LAYOUT_EDITORS, "enable or disable locations"), id, active),
};
