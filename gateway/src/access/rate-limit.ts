import { GraphQLError } from "graphql";
import type { RateDecision } from "./limiter.ts";
import type { RatePolicy } from "./policy.ts";

/** Whose budget an operation spends, in the operation's context (pipeline/use-rate-limit.ts). */
export interface RateAccount {
  principal: string;
  policy: RatePolicy;
}

export const refusalMessage = (decision: RateDecision) =>
  decision.exhausted === "cost"
    ? `Rate limit exceeded: operations costing ${decision.policy.cost} per ${decision.policy.windowSeconds} s; retry in ${decision.retryAfterSeconds} s`
    : `Rate limit exceeded: ${decision.policy.requests} requests per ${decision.policy.windowSeconds} s; retry in ${decision.retryAfterSeconds} s`;

/** The GraphQL error of a refusal (RATE_LIMITED, with retryAfterSeconds). */
export const rateLimitedError = (decision: RateDecision) =>
  new GraphQLError(refusalMessage(decision), { extensions: { code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds } });

/** A refusal's headers: the IETF RateLimit ones and Retry-After. */
export const refusalHeaders = (decision: RateDecision) => ({ ...decision.headers, "Retry-After": String(decision.retryAfterSeconds) });
