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
    // Not armor's: its Apollo plugin throws from a plugin hook (a 500). The token limit is
    // graphql-js's own parser limit instead (ApolloServer's parseOptions.maxTokens, parse() on sockets).
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: extra.costLimit ?? { enabled: false },
    // Introspection is on for schema explorers, so suggestions reveal nothing new and help developers.
    blockFieldSuggestion: { enabled: false },
  };
}

/**
 * Apollo Server validation rules and plugins refusing operations beyond the depth, alias and
 * directive limits before anything executes (GRAPHQL_VALIDATION_FAILED, the limit named). Pass
 * `parseOptions: { maxTokens }` to Apollo Server as well (GRAPHQL_PARSE_FAILED).
 */
export function operationLimitProtection(limits: OperationLimits, extra: ExtraLimits = {}) {
  return new ApolloArmor(armorConfig(limits, extra)).protect();
}
