import { ApolloArmor } from "@escape.tech/graphql-armor";
import { z } from "@floorgraph/config";

/** Depth, aliases, tokens and directives of one operation (cost is analysed separately). */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/** Generous enough for any real dashboard query, and for the gateway's entity queries built from one. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = { maxDepth: 15, maxAliases: 30, maxTokens: 10_000, maxDirectives: 50 };

/** The gateway applies these limits and every subgraph applies them again. */
export const operationLimitsEnvShape = {
  MAX_DEPTH: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxDepth).describe("deepest operation (fields, fragments flattened); deeper is refused with `GRAPHQL_VALIDATION_FAILED`"),
  MAX_ALIASES: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxAliases).describe("most aliases in one operation (`GRAPHQL_VALIDATION_FAILED`)"),
  MAX_TOKENS: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxTokens).describe("most tokens in one document; more fails the parse (`GRAPHQL_PARSE_FAILED`)"),
  MAX_DIRECTIVES: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxDirectives).describe("most directives in one operation (`GRAPHQL_VALIDATION_FAILED`)"),
};

export function operationLimitsFrom(env: { MAX_DEPTH: number; MAX_ALIASES: number; MAX_TOKENS: number; MAX_DIRECTIVES: number }): OperationLimits {
  return { maxDepth: env.MAX_DEPTH, maxAliases: env.MAX_ALIASES, maxTokens: env.MAX_TOKENS, maxDirectives: env.MAX_DIRECTIVES };
}

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
