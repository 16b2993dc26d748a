import { HeaderMap } from "@apollo/server";
import { policyFor, principalOf, type RateLimitSettings } from "../access/policy.ts";
import type { AccessLimiter } from "../access/limiter.ts";
import { rateLimitedError, refusalHeaders } from "../access/rate-limit.ts";
import type { GatewayPlugin } from "./types.ts";

/**
 * Rate limits per principal (the API key, the user, or an anonymous caller's address): every HTTP
 * request and every operation over a socket or stream counts as a request, refused with
 * RATE_LIMITED (HTTP 429 with Retry-After) before anything is parsed; each query's and mutation's
 * estimated cost (the cost plugin's, which must come before this one) is then charged to the cost
 * budget. A subscription is counted as a request only: its cost is bounded per operation by demand
 * control, not charged per window (as before the pipeline; docs/gateway-pipeline.md).
 */
export function useRateLimit(limiter: AccessLimiter, settings: RateLimitSettings): GatewayPlugin {
  const decisions = new WeakMap<object, Record<string, string>>();
  return {
    name: "rate-limit",
    async onRequest(caller) {
      const account = { principal: principalOf(caller.identity, caller.clientAddress), policy: policyFor(caller.identity, settings) };
      const decision = await limiter.admit(account.principal, account.policy);
      if (!decision.allowed) return { refusal: { error: rateLimitedError(decision), status: 429, headers: refusalHeaders(decision) } };
      return { headers: decision.headers, context: { rateAccount: account } };
    },
    async onOperation({ kind, context }) {
      const account = context.rateAccount;
      if (!account || kind === "subscription") return;
      const estimated = context.cost?.estimated;
      const amount = typeof estimated === "number" && Number.isFinite(estimated) ? Math.ceil(estimated) : 0;
      if (amount <= 0) return;
      const decision = await limiter.charge(account.principal, account.policy, amount);
      if (!decision.allowed) {
        const error = rateLimitedError(decision);
        error.extensions.http = { status: 429, headers: new HeaderMap(Object.entries(refusalHeaders(decision)).map(([k, v]) => [k.toLowerCase(), v])) };
        throw error;
      }
      decisions.set(context, decision.headers);
    },
    onResult({ context, setHeader }) {
      for (const [name, value] of Object.entries(decisions.get(context) ?? {})) setHeader(name.toLowerCase(), value);
    },
  };
}
