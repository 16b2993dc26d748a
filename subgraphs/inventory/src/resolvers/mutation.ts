import { requireRole } from "@floorgraph/auth";
import type { MutationResolvers } from "../generated/graphql.ts";

/** Who may change stock on the floor. */
const STOCK_ROLES = ["ADMIN", "SUPERVISOR", "OPERATOR"] as const;

export const Mutation: MutationResolvers = {
  createSku: (_parent, { input }, ctx) =>
    ctx.services.catalog.createSku(requireRole(ctx, ["ADMIN", "SUPERVISOR"], "create SKUs"), input),
  adjustStock: (_parent, { input }, ctx) =>
    ctx.services.adjustments.adjustStock(requireRole(ctx, STOCK_ROLES, "adjust stock"), ctx, {
      ...input,
      expiresOn: input.expiresOn ? new Date(input.expiresOn) : null,
    }),
  transferStock: (_parent, { input }, ctx) =>
    ctx.services.transfers.transferStock(requireRole(ctx, STOCK_ROLES, "transfer stock"), ctx, input),
};
