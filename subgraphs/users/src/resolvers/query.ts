import { requireIdentity, requireRole } from "@floorgraph/auth";
import { assertId, unauthenticated } from "@floorgraph/errors";
import { pageSize, atMost } from "@floorgraph/service";
import type { QueryResolvers } from "../generated/graphql.ts";
import { canSeePartner, canSeeUser } from "../services/accounts.ts";

export const Query: QueryResolvers = {
  async me(_parent, _args, ctx) {
    const identity = requireIdentity(ctx);
    const user = await ctx.loaders.user.load(identity.userId);
    // A token for an account deleted since it was issued proves nothing any more.
    if (!user) throw unauthenticated("The account behind this token no longer exists");
    return user;
  },
  async user(_parent, { id }, ctx) {
    const identity = requireIdentity(ctx);
    const user = await ctx.loaders.user.load(assertId(id));
    return user && canSeeUser(identity, user) ? user : null;
  },
  users(_parent, { first, after, role }, ctx) {
    requireRole(ctx, ["ADMIN", "SUPERVISOR"], "list users");
    return ctx.services.accounts.listUsers(pageSize(first, 50), after, role);
  },
  async partners(_parent, _args, ctx) {
    return atMost(await ctx.services.accounts.listPartners(requireIdentity(ctx)), 100);
  },
  async partner(_parent, { id }, ctx) {
    const identity = requireIdentity(ctx);
    const partnerId = assertId(id);
    if (!canSeePartner(identity, partnerId)) return null;
    return ctx.loaders.partner.load(partnerId);
  },
  persistedOperation: (_parent, { hash, partnerId }, ctx) => ctx.services.access.persistedOperation(requireIdentity(ctx), hash, partnerId),
};
