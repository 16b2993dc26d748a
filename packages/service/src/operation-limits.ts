import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { OperationLimits } from "@floorgraph/config";

export { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "@floorgraph/config";

type ArmorConfig = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;
/** What a caller may add: the cost limit (its own analysis). */
export type ExtraLimits = Pick<ArmorConfig, "costLimit">;

/**
 * graphql-armor's settings for the limits the gateway and every subgraph share. Depth counts fields
 * only (fragments flattened): the gateway's entity queries wrap fields in `_entities { ... on T }`,
 * and counted that way they are never deeper than the client operation they were planned from.
 * Cost is left to the caller (`extra`); it is disabled unless given.
 */
export function armorConfig(limits: OperationLimits, extra: ExtraLimits = {}): ArmorConfig {
  return {
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: extra.costLimit ?? { enabled: false },
    // Introspection is on for schema explorers, so suggestions reveal nothing new and help developers.
    blockFieldSuggestion: { enabled: false },
  };
}

/**
 * Apollo Server validation rules and plugins refusing operations beyond the limits before anything
 * executes; refusals reach the client as GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED with the
 * limit named.
 */
export function operationLimitProtection(limits: OperationLimits, extra: ExtraLimits = {}) {
  return new ApolloArmor(armorConfig(limits, extra)).protect();
}
