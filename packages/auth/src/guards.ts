import { forbidden, unauthenticated } from "@floorgraph/errors";
import type { Identity, Role } from "./roles.ts";

export interface AuthContext {
  identity: Identity | null;
  /** Set when a token was sent but failed verification: the request is then treated as that failure, not as anonymous. */
  authError?: Error | null;
}

export function requireIdentity(ctx: AuthContext): Identity {
  if (ctx.authError) throw ctx.authError;
  if (!ctx.identity) throw unauthenticated();
  return ctx.identity;
}

export function requireRole(ctx: AuthContext, roles: readonly Role[], action = "do this"): Identity {
  const identity = requireIdentity(ctx);
  if (!roles.includes(identity.role)) {
    throw forbidden(`Role ${identity.role} may not ${action}; requires one of ${roles.join(", ")}`);
  }
  return identity;
}

/** API keys carry scopes; interactive users are governed by role alone. */
export function requireScope(ctx: AuthContext, scope: string): Identity {
  const identity = requireIdentity(ctx);
  if (identity.kind === "api-key" && !identity.scopes.includes(scope)) {
    throw forbidden(`API key lacks the scope '${scope}'`);
  }
  return identity;
}

/** Like requireScope, for operations that any one of several scopes allows. */
export function requireAnyScope(ctx: AuthContext, scopes: readonly string[]): Identity {
  const identity = requireIdentity(ctx);
  if (identity.kind === "api-key" && !scopes.some((s) => identity.scopes.includes(s))) {
    throw forbidden(`API key lacks one of the scopes ${scopes.map((s) => `'${s}'`).join(", ")}`);
  }
  return identity;
}
