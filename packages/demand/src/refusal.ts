import { GraphQLError } from "graphql";

export const COST_ERROR_CODE = "COST_ESTIMATED_TOO_EXPENSIVE";

/**
 * The refusal of an operation whose estimated cost is over the caller's budget. Answered with
 * HTTP 200 (a GraphQL error, not a transport failure); the message says how to get under it.
 */
export function costTooHigh(estimatedCost: number, maxCost: number): GraphQLError {
  return new GraphQLError(
    `This operation's estimated cost is ${estimatedCost}, over the limit of ${maxCost}. ` +
      "Ask for fewer items (a smaller `first` on lists), fewer nested lists, or split it into several operations.",
    { extensions: { code: COST_ERROR_CODE, estimatedCost, maxCost, http: { status: 200 } } },
  );
}
