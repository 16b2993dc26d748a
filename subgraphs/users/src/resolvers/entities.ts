import { requireIdentity } from "@floorgraph/auth";
import { atMost } from "@floorgraph/service";
import { isId } from "@floorgraph/errors";
import { pageSize } from "@floorgraph/service";
import type { PartnerResolvers, UserResolvers } from "../generated/graphql.ts";
import { canSeePartner, canSeeUser } from "../services/accounts.ts";
import { partnerRateLimit } from "../services/auth.ts";

export const User: UserResolvers = {
  async __resolveReference(reference, ctx) {
    const identity = requireIdentity(ctx);
    const user = isId(reference.id) ? await ctx.loaders.user.load(reference.id) : null;
    return user && canSeeUser(identity, user) ? user : null;
  },
  partner: (user, _args, ctx) => (user.partnerId ? ctx.loaders.partner.load(user.partnerId) : null),
};

export const Partner: PartnerResolvers = {
  async __resolveReference(reference, ctx) {
    const identity = requireIdentity(ctx);
    if (!isId(reference.id) || !canSeePartner(identity, reference.id)) return null;
    return ctx.loaders.partner.load(reference.id);
  },
  users: async (partner, _args, ctx) => atMost(await ctx.loaders.usersOfPartner.load(partner.id), 100),
  async apiKeys(partner, _args, ctx) {
    ctx.services.accounts.assertMayListApiKeys(requireIdentity(ctx), partner.id);
    return atMost(await ctx.loaders.apiKeysOfPartner.load(partner.id), 100);
  },
  rateLimit: (partner) => partnerRateLimit(partner),
  persistedOperations(partner, { first }, ctx) {
    ctx.services.accounts.assertMayListApiKeys(requireIdentity(ctx), partner.id, true);
    return ctx.services.access.listPersistedOperations(partner.id, pageSize(first, 50));
  },
};
