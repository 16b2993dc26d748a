import { operationLimitProtection, type OperationLimits as SharedLimits } from "@floorgraph/service/limits";

/** The limits every subgraph applies too (@floorgraph/service/limits), plus the gateway's cost limit. */
export interface OperationLimits extends SharedLimits {
  maxCost: number;
}

/**
 * Refuses operations too deep, too wide or too expensive before they are planned, so one request
 * cannot fan out into thousands of subgraph fetches (graphql-armor's validation rules). Refusals
 * reach the client as GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED with the limit named.
 */
export function operationLimits(limits: OperationLimits) {
  return operationLimitProtection(limits, { costLimit: { maxCost: limits.maxCost } });
}
