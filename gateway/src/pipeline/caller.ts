import { createHash } from "node:crypto";
import { bearerToken, verifyToken, type Identity } from "@floorgraph/auth";
import type { CallerScope } from "../subscriptions/upstream-pool.ts";

export interface Caller {
  identity: Identity | null;
  scope: CallerScope;
  /** The caller's network address (TRUST_PROXY_HEADER honoured): passed to subgraphs in the gateway's own header, and an anonymous caller's rate-limit principal. */
  clientAddress?: string;
}

/**
 * Who is subscribing, from an Authorization value. With Floorgraph's authentication configured the
 * token must be valid (a DomainError UNAUTHENTICATED otherwise) and callers the subgraphs treat alike
 * (same role, organisation, API scopes) share a scope, and so upstream subscriptions. Without it (a
 * foreign supergraph) only callers with the very same token share one.
 */
export async function resolveCaller(authorization: string | undefined, jwt: { secret: string } | null): Promise<Caller> {
  const token = bearerToken(authorization);
  if (!token) return { identity: null, scope: { key: "anonymous", token: undefined, expiresAt: Number.POSITIVE_INFINITY } };
  if (!jwt) {
    const key = `token:${createHash("sha256").update(token).digest("hex")}`;
    return { identity: null, scope: { key, token, expiresAt: Number.POSITIVE_INFINITY } };
  }
  const identity = await verifyToken(token, jwt);
  const key = ["identity", identity.role, identity.partnerId ?? "", identity.kind, [...identity.scopes].sort().join(",")].join("|");
  return { identity, scope: { key, token, expiresAt: identity.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY } };
}
