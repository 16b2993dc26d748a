import { ApolloArmor } from "@escape.tech/graphql-armor";

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
}

/**
 * Refuses operations too deep, too wide or too expensive before they are planned, so one request
 * cannot fan out into thousands of subgraph fetches (graphql-armor's validation rules). Refusals
 * reach the client as GRAPHQL_VALIDATION_FAILED with the limit named. The token limit is not
 * armor's: its Apollo plugin throws from a plugin hook, which Apollo answers 500; graphql-js's own
 * parser limit (ApolloServer's parseOptions.maxTokens) fails the parse, GRAPHQL_PARSE_FAILED 400.
 */
export function operationLimits(limits: OperationLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    maxDirectives: { n: limits.maxDirectives },
    // Introspection is on for schema explorers, so suggestions reveal nothing new and help developers.
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect();
}
