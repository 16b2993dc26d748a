import { operationLimitProtection, type OperationLimits as SharedLimits } from "@floorgraph/service/limits";

/** The limits every subgraph applies too (@floorgraph/service/limits), plus the gateway's cost limit. */
export interface OperationLimits extends SharedLimits {
  maxCost: number;
}

/**
 * Refuses operations too deep, too wide or too expensive before they are planned, so one request
 * cannot fan out into thousands of subgraph fetches (graphql-armor's validation rules). Refusals
 * reach the client as GRAPHQL_VALIDATION_FAILED with the limit named. The token limit is not
 * armor's: its Apollo plugin throws from a plugin hook, which Apollo answers 500; graphql-js's own
 * parser limit (ApolloServer's parseOptions.maxTokens) fails the parse, GRAPHQL_PARSE_FAILED 400.
 */
export function operationLimits(limits: OperationLimits) {
  return operationLimitProtection(limits, { costLimit: { maxCost: limits.maxCost } });
}
