import type { MutationResolvers } from "../generated/graphql.ts";
import { CANCELLING_ROLES, PLACING_ROLES, STATUS_ROLES, requireOrderWriter } from "../services/access.ts";

export const Mutation: MutationResolvers = {
  placeOrder: (_parent, { input }, ctx) =>
    ctx.services.placement.placeOrder(requireOrderWriter(ctx, PLACING_ROLES, "place orders"), ctx, input),
  cancelOrder: (_parent, { id, reason }, ctx) =>
    ctx.services.status.cancel(requireOrderWriter(ctx, CANCELLING_ROLES, "cancel orders"), id, reason),
  setOrderStatus: (_parent, { id, status, reason }, ctx) =>
    ctx.services.status.setStatus(requireOrderWriter(ctx, STATUS_ROLES, "change order status"), id, status, reason),
};
