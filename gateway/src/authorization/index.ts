import { Supergraph } from "@apollo/federation-internals";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { effectiveScopes, meetsPolicy, type Identity } from "@floorgraph/auth";
import { filterOperation, type FilterResult, type Grants } from "./filter.ts";
import { applyRemovals, type RefusalError } from "./patch.ts";
import { extractAuthorization, type AuthorizationRequirements } from "./requirements.ts";

export { extractAuthorization, type AuthorizationRequirements, type Requirement } from "./requirements.ts";
export { filterOperation, type Grants, type Removal } from "./filter.ts";
export { applyRemovals, type RefusalError } from "./patch.ts";

/** What a caller is granted: authenticated when there is a verified identity; scopes and policies from it. */
export function grantsOf(identity: Identity | null): Grants {
  if (!identity) return { authenticated: false, scopes: new Set(), policy: () => false };
  return { authenticated: true, scopes: effectiveScopes(identity), policy: (name) => meetsPolicy(identity, name) };
}

/** A supergraph's requirements with the API schema they apply to (for tools and tests walking them). */
export function loadAuthorization(supergraphSdl: string): { requirements: AuthorizationRequirements; schema: GraphQLSchema } {
  const { strippedSdl, requirements } = extractAuthorization(supergraphSdl);
  return { requirements, schema: Supergraph.build(strippedSdl).apiSchema().toGraphQLJSSchema() };
}

/** An operation as authorised for one caller: what to plan, and how to complete its result. */
export interface AuthorizedOperation {
  /** The operation to plan and run; null when nothing is left to run (answer `refusal()` then). */
  document: DocumentNode | null;
  /** Whether the operation was changed at all. */
  changed: boolean;
  /** Completes a result of `document` with the removed fields' nulls and errors. */
  complete<T extends { data?: unknown; errors?: readonly unknown[] }>(result: T): T;
  /** The answer when nothing is left to run: errors only. */
  refusal(): { errors: RefusalError[] };
}

/**
 * The gateway's authorization: reads the requirements of each supergraph it loads (handing on the
 * supergraph without them, which @apollo/gateway can load) and authorises operations against the
 * requirements of the supergraph their schema came from.
 */
export class Authorizer {
  private readonly bySdl = new Map<string, AuthorizationRequirements>();
  private readonly bySchema = new WeakMap<GraphQLSchema, AuthorizationRequirements>();
  private latest: AuthorizationRequirements = { types: new Map(), fields: new Map() };

  /** Reads a supergraph's requirements; returns the supergraph to load in their place. */
  prepare(sdl: string): string {
    const { strippedSdl, requirements } = extractAuthorization(sdl);
    // Only the latest few are looked up (a schema loads right after its supergraph was prepared).
    if (this.bySdl.size > 4) this.bySdl.delete(this.bySdl.keys().next().value as string);
    this.bySdl.set(strippedSdl, requirements);
    this.latest = requirements;
    return strippedSdl;
  }

  /** A schema built from a prepared (stripped) supergraph was loaded: operations on it use that supergraph's requirements. */
  schemaLoaded(schema: GraphQLSchema, strippedSdl: string): void {
    this.bySchema.set(schema, this.bySdl.get(strippedSdl) ?? this.latest);
  }

  /** The requirements of the supergraph a schema (or, given, a prepared SDL) came from. */
  requirementsFor(schema: GraphQLSchema, strippedSdl?: string): AuthorizationRequirements {
    return (strippedSdl !== undefined ? this.bySdl.get(strippedSdl) : undefined) ?? this.bySchema.get(schema) ?? this.latest;
  }

  authorize(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    identity: Identity | null,
    strippedSdl?: string,
  ): AuthorizedOperation {
    const filtered: FilterResult = filterOperation(schema, this.requirementsFor(schema, strippedSdl), document, operationName, grantsOf(identity));
    const anonymous = identity === null;
    return {
      document: filtered.document,
      changed: filtered.document !== document,
      complete: (result) => applyRemovals(result, filtered.removals, anonymous, filtered.typenameAdded),
      refusal: () => ({ errors: applyRemovals({} as { errors?: RefusalError[] }, filtered.removals, anonymous, false).errors ?? [] }),
    };
  }
}
