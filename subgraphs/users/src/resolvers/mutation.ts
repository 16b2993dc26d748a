import { requireIdentity, requireRole } from "@floorgraph/auth";
import type { MutationResolvers } from "../generated/graphql.ts";

export const Mutation: MutationResolvers = {
  login: (_parent, { email, password }, ctx) => ctx.services.auth.login(email, password, ctx.clientAddress),
  refreshToken: (_parent, { refreshToken }, ctx) => ctx.services.auth.refresh(refreshToken, ctx.clientAddress),
  logout: (_parent, _args, ctx) => ctx.services.auth.logout(requireIdentity(ctx)),
  authenticateApiKey: (_parent, { key }, ctx) => ctx.services.auth.authenticateApiKey(key, ctx.clientAddress),
  changePassword: (_parent, { currentPassword, newPassword }, ctx) =>
    ctx.services.auth.changePassword(requireIdentity(ctx), currentPassword, newPassword),
  createUser: (_parent, { input }, ctx) =>
    ctx.services.accounts.createUser(requireRole(ctx, ["ADMIN"], "create users"), input),
  setUserActive: (_parent, { id, active }, ctx) =>
    ctx.services.accounts.setUserActive(requireRole(ctx, ["ADMIN"], "enable or disable users"), id, active),
  createPartner: (_parent, { input }, ctx) =>
    ctx.services.accounts.createPartner(requireRole(ctx, ["ADMIN"], "create partners"), input.code, input.name),
  createApiKey: (_parent, { input }, ctx) =>
    ctx.services.accounts.createApiKey(requireRole(ctx, ["ADMIN"], "create API keys"), {
      ...input,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    }),
  revokeApiKey: (_parent, { id }, ctx) =>
    ctx.services.accounts.revokeApiKey(requireRole(ctx, ["ADMIN"], "revoke API keys"), id),
  setPartnerRateLimit: (_parent, { partnerId, limit }, ctx) =>
    ctx.services.access.setPartnerRateLimit(requireRole(ctx, ["ADMIN"], "set rate limits"), partnerId, limit),
  setApiKeyRegisteredOperationsOnly: (_parent, { id, registeredOperationsOnly }, ctx) =>
    ctx.services.access.setApiKeyRegisteredOperationsOnly(requireRole(ctx, ["ADMIN"], "change API keys"), id, registeredOperationsOnly),
  registerPersistedOperations: (_parent, { partnerId, operations }, ctx) =>
    ctx.services.access.registerPersistedOperations(requireIdentity(ctx), partnerId, operations),
};
