import type { ApolloServerPlugin } from "@apollo/server";
import type { ValidationRule } from "graphql";
import { operationLimitProtection, type OperationLimits as SharedLimits } from "@floorgraph/service/limits";
import type { GatewayContext } from "../context.ts";
import type { GatewayPlugin } from "./types.ts";

/** The limits every subgraph applies too (@floorgraph/service/limits); cost is demand control's (use-cost.ts). */
export type OperationLimits = SharedLimits;

/** graphql-js's "Did you mean …?" (graphql-armor's pattern, so the masked text is the one it gave). */
const SUGGESTION = /Did you mean ".+"/g;

/**
 * Refuses operations too deep or too wide before they are planned, on every transport: graphql-armor's
 * validation rules (GRAPHQL_VALIDATION_FAILED with the limit named), run by Apollo Server and by the
 * subscription engine's validation. The token limit is not armor's (its Apollo plugin throws from a
 * hook, which Apollo answers 500): graphql-js's own parser limit fails the parse, GRAPHQL_PARSE_FAILED.
 * Cost is not armor's either: its costLimit multiplies by `first` only, so demand control (use-cost.ts,
 * from the schema's @listSize/@cost) replaces it. In production, where introspection is only for
 * staff, field suggestions would leak field names: they are hidden from every transport's errors
 * (as graphql-armor's blockFieldSuggestion does, whose Apollo-only plugin would miss subscriptions).
 */
export function useOperationLimits(limits: OperationLimits, production = false): GatewayPlugin {
  const protection = operationLimitProtection(limits);
  return {
    name: "operation-limits",
    ...(production ? { maskMessage: (message: string) => message.replace(SUGGESTION, "[Suggestion hidden]") } : {}),
    validationRules: protection.validationRules as readonly ValidationRule[],
    maxTokens: limits.maxTokens,
    // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
    apolloPlugins: protection.plugins as unknown as ApolloServerPlugin<GatewayContext>[],
  };
}
