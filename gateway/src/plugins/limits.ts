import { ApolloArmor } from "@escape.tech/graphql-armor";

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/**
 * Refuses operations too deep or too wide before they are planned (graphql-armor's validation
 * rules). Refusals reach the client as GRAPHQL_VALIDATION_FAILED with the limit named. The token
 * limit is not armor's: its Apollo plugin throws from a plugin hook, which Apollo answers 500;
 * graphql-js's own parser limit (ApolloServer's parseOptions.maxTokens) fails the parse,
 * GRAPHQL_PARSE_FAILED 400. Cost is not armor's either: its costLimit multiplies by `first` only, so
 * demand control (plugins/cost.ts, from the schema's @listSize/@cost) replaces it.
 */
export function operationLimits(limits: OperationLimits, production = false) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // In development introspection is open, so suggestions reveal nothing new and help developers;
    // in production, where introspection is only for staff, they would leak field names.
    blockFieldSuggestion: { enabled: production },
  });
  return armor.protect();
}
