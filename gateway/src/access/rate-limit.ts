import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler, Response } from "express";
import { GraphQLError } from "graphql";
import { clientAddress } from "../client-address.ts";
import type { GatewayContext } from "../context.ts";
import type { AccessLimiter, RateDecision } from "./limiter.ts";
import { policyFor, principalOf, type RateLimitSettings, type RatePolicy } from "./policy.ts";

/** Whose budget an operation spends, on the request and in the operation's context. */
export interface RateAccount {
  principal: string;
  policy: RatePolicy;
}

declare module "express-serve-static-core" {
  interface Request {
    rateAccount?: RateAccount;
  }
}

export const refusalMessage = (decision: RateDecision) =>
  decision.exhausted === "cost"
    ? `Rate limit exceeded: operations costing ${decision.policy.cost} per ${decision.policy.windowSeconds} s; retry in ${decision.retryAfterSeconds} s`
    : `Rate limit exceeded: ${decision.policy.requests} requests per ${decision.policy.windowSeconds} s; retry in ${decision.retryAfterSeconds} s`;

/** The GraphQL error of a refusal (RATE_LIMITED, with retryAfterSeconds). */
export const rateLimitedError = (decision: RateDecision) =>
  new GraphQLError(refusalMessage(decision), { extensions: { code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds } });

const refusalHeaders = (decision: RateDecision) => ({ ...decision.headers, "Retry-After": String(decision.retryAfterSeconds) });

/**
 * Counts every GraphQL request over HTTP against its principal's budget (after edge authentication,
 * so a token's partner override applies) and answers an exhausted one with 429 before any parsing,
 * planning or subgraph traffic. Allowed responses carry the RateLimit headers too.
 */
export function rateLimitRequests(limiter: AccessLimiter, settings: RateLimitSettings, trustProxyHeader?: string | null): RequestHandler {
  return async (req, res, next) => {
    try {
      const identity = req.identity ?? null;
      const account: RateAccount = { principal: principalOf(identity, clientAddress(req, trustProxyHeader)), policy: policyFor(identity, settings) };
      const decision = await limiter.admit(account.principal, account.policy);
      if (!decision.allowed) return void refuse(res, decision);
      res.set(decision.headers);
      req.rateAccount = account;
      next();
    } catch (error) {
      next(error);
    }
  };
}

function refuse(res: Response, decision: RateDecision) {
  res.status(429).set(refusalHeaders(decision)).json({ errors: [{ message: refusalMessage(decision), extensions: { code: "RATE_LIMITED", retryAfterSeconds: decision.retryAfterSeconds } }] });
}

/**
 * Charges each operation's estimated cost (set on the context by the cost analysis as
 * `cost.estimated`; 0 while there is none) to the caller's cost budget once the operation is
 * resolved, before it runs: over the budget it is refused with 429 RATE_LIMITED. Must come after
 * the cost analysis in the plugin list, so the estimate is on the context when this reads it.
 */
export function rateLimitCost(limiter: AccessLimiter): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const account = contextValue.rateAccount;
      if (!account) return;
      let decision: RateDecision | null = null;
      return {
        async didResolveOperation({ contextValue: ctx }) {
          const estimated = (ctx as { cost?: { estimated?: unknown } }).cost?.estimated;
          const amount = typeof estimated === "number" && Number.isFinite(estimated) ? Math.ceil(estimated) : 0;
          if (amount <= 0) return;
          decision = await limiter.charge(account.principal, account.policy, amount);
          if (decision.allowed) return;
          const error = rateLimitedError(decision);
          error.extensions.http = { status: 429, headers: new HeaderMap(Object.entries(refusalHeaders(decision)).map(([k, v]) => [k.toLowerCase(), v])) };
          throw error;
        },
        async willSendResponse({ response }) {
          if (!decision?.allowed) return;
          for (const [name, value] of Object.entries(decision.headers)) response.http.headers.set(name.toLowerCase(), value);
        },
      };
    },
  };
}
