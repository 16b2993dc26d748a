import { isStaff, type Identity, type Role } from "./roles.ts";

/**
 * The scopes a partner API key may carry (what createApiKey accepts); operations:write registers
 * trusted documents, schema:read allows introspection in production.
 */
export const API_KEY_SCOPES = ["orders:read", "orders:write", "inventory:read", "shipments:read", "operations:write", "schema:read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The scope naming a role, e.g. role:admin. */
export const roleScope = (role: Role) => `role:${role.toLowerCase()}`;

/**
 * The API-key scopes an interactive user holds through its role. Subgraphs let users through
 * requireScope on their role alone; writing orders is for the roles that may place or cancel them.
 */
const READ_SCOPES: readonly ApiKeyScope[] = ["orders:read", "inventory:read", "shipments:read"];
export const ROLE_SCOPES: Readonly<Record<Role, readonly ApiKeyScope[]>> = {
  ADMIN: [...READ_SCOPES, "orders:write"],
  SUPERVISOR: [...READ_SCOPES, "orders:write"],
  OPERATOR: [...READ_SCOPES, "orders:write"],
  PARTNER: [...READ_SCOPES, "orders:write"],
  PICKER: READ_SCOPES,
  VIEWER: READ_SCOPES,
};

/**
 * What @requiresScopes is checked against. A user token: its role scope, its role's API-key scopes
 * and any scopes the token itself carries. An API-key token: the key's scopes and the role scope of
 * the user it acts as (PARTNER), as the subgraphs' requireRole sees it, but none of the role's
 * API-key scopes: a key is held to the scopes it was given.
 */
export function effectiveScopes(identity: Identity): Set<string> {
  if (identity.kind === "api-key") return new Set([roleScope(identity.role), ...identity.scopes]);
  return new Set([roleScope(identity.role), ...ROLE_SCOPES[identity.role], ...identity.scopes]);
}

/**
 * The policies @policy names, decided from the caller's verified identity alone. Row-level rules
 * (which orders a partner sees) stay in the subgraphs; a policy is the part the gateway can decide.
 */
export const POLICIES: Readonly<Record<string, (identity: Identity) => boolean>> = {
  /** Floorgraph's own people: every role but PARTNER (API keys act as PARTNER users). */
  staff: (identity) => isStaff(identity),
  /** Staff, or a caller that belongs to a partner organisation (whose rows the subgraph then limits it to). */
  "own-organisation": (identity) => isStaff(identity) || identity.partnerId !== null,
};

/** Whether the caller meets a policy; an unknown policy is never met. */
export const meetsPolicy = (identity: Identity, policy: string) => Object.hasOwn(POLICIES, policy) && POLICIES[policy]!(identity);
