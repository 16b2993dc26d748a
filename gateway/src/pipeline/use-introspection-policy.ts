import { BREAK, GraphQLError, visit, type DocumentNode } from "graphql";
import { isStaff, type Identity } from "@floorgraph/auth";
import type { GatewayPlugin } from "./types.ts";

/** The API-key scope that allows introspection in production. */
export const SCHEMA_READ_SCOPE = "schema:read";

const introspects = (document: DocumentNode) => {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
};

/** Staff logins (the explorer) and API keys granted schema:read may introspect. */
export const mayIntrospect = (identity: Identity | null) =>
  identity !== null && (identity.kind === "api-key" ? identity.scopes.includes(SCHEMA_READ_SCOPE) : isStaff(identity));

/**
 * Production: introspection (`__schema`, `__type`; `__typename` stays allowed) is refused with
 * FORBIDDEN (HTTP 403) for anonymous callers, partner users and API keys without schema:read, on
 * every transport (a subscription cannot introspect: graphql's validation refuses it first).
 * Fragments spread into the operation are covered: the whole document is searched.
 */
export function useIntrospectionPolicy(): GatewayPlugin {
  return {
    name: "introspection-policy",
    onOperation({ document, context }) {
      if (!introspects(document) || mayIntrospect(context.identity)) return;
      throw new GraphQLError(
        `Introspection is not allowed for this caller: it needs a staff login, or an API key with the scope '${SCHEMA_READ_SCOPE}'`,
        { extensions: { code: "FORBIDDEN", http: { status: 403 } } },
      );
    },
  };
}
