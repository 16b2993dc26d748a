import { ApolloArmor } from "@escape.tech/graphql-armor";
import { armorConfig, operationLimitProtection, type OperationLimits as SharedLimits } from "@floorgraph/service/limits";

/** The limits every subgraph applies too (@floorgraph/service/limits); cost is demand control's (plugins/cost.ts). */
export type OperationLimits = SharedLimits;

/**
 * Refuses operations too deep or too wide before they are planned (graphql-armor's validation
 * rules). Refusals reach the client as GRAPHQL_VALIDATION_FAILED with the limit named. The token
 * limit is not armor's: its Apollo plugin throws from a plugin hook, which Apollo answers 500;
 * graphql-js's own parser limit (ApolloServer's parseOptions.maxTokens) fails the parse,
 * GRAPHQL_PARSE_FAILED 400. Cost is not armor's either: its costLimit multiplies by `first` only, so
 * demand control (plugins/cost.ts, from the schema's @listSize/@cost) replaces it.
 */
export function operationLimits(limits: OperationLimits, production = false) {
  if (!production) return operationLimitProtection(limits);
  // In production, where introspection is only for staff, field suggestions would leak field names.
  return new ApolloArmor({ ...armorConfig(limits), blockFieldSuggestion: { enabled: true } }).protect();
}
