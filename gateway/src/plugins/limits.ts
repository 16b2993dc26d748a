import { ApolloArmor } from "@escape.tech/graphql-armor";

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/**
 * Refuses operations too deep, too wide or too long before they are planned (graphql-armor's
 * validation rules). Refusals reach the client as GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED
 * with the limit named. Cost is not counted here: graphql-armor's costLimit multiplies by `first`
 * only, so demand control (plugins/cost.ts, from the schema's @listSize/@cost) replaces it.
 */
export function operationLimits(limits: OperationLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    costLimit: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    // Introspection is on for schema explorers, so suggestions reveal nothing new and help developers.
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect();
}
