import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "@floorgraph/logger";
import type { RatePolicy } from "./policy.ts";

/** The outcome of spending from a principal's budget, with the IETF RateLimit headers to send. */
export interface RateDecision {
  allowed: boolean;
  /** Which budget refused (when not allowed). */
  exhausted?: "requests" | "cost";
  retryAfterSeconds: number;
  policy: RatePolicy;
  headers: Record<string, string>;
}

type Budget = "requests" | "cost";

/**
 * Fixed-window counters per principal (rate-limiter-flexible): in Redis when the gateway has one,
 * so every gateway instance spends from the same budget (its Lua script increments and sets the
 * expiry atomically), else in this process's memory. If Redis fails, each instance falls back to
 * its own memory counters (rate-limiter-flexible's insurance limiter) rather than refusing all.
 */
export class AccessLimiter {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly options: { redis: Redis | null; prefix: string; logger: Logger }) {}

  /** Counts one request, and refuses it when the request or the cost budget is spent. */
  async admit(principal: string, policy: RatePolicy): Promise<RateDecision> {
    const [requests, cost] = await Promise.all([this.spend("requests", policy, principal, 1), this.peek(policy, principal)]);
    if (!requests.allowed) return this.decide(policy, requests.res, cost, "requests");
    if (cost.consumedPoints >= policy.cost) return this.decide(policy, requests.res, cost, "cost");
    return this.decide(policy, requests.res, cost);
  }

  /** Charges an operation's estimated cost; a charge over the budget is refused and given back. */
  async charge(principal: string, policy: RatePolicy, amount: number): Promise<RateDecision> {
    if (amount <= 0) return this.decide(policy, await this.peekRequests(policy, principal), await this.peek(policy, principal));
    const [requests, cost] = await Promise.all([this.peekRequests(policy, principal), this.spend("cost", policy, principal, amount)]);
    if (cost.allowed) return this.decide(policy, requests, cost.res);
    const givenBack = await this.limiter("cost", policy).reward(principal, amount).catch(() => cost.res);
    return this.decide(policy, requests, givenBack, "cost");
  }

  private async spend(budget: Budget, policy: RatePolicy, principal: string, points: number): Promise<{ allowed: boolean; res: RateLimiterRes }> {
    try {
      return { allowed: true, res: await this.limiter(budget, policy).consume(principal, points) };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { allowed: false, res: rejection };
      // Neither Redis nor the insurance limiter answered: let the request through, and say so.
      this.options.logger.error({ err: rejection }, "rate limiter failed; request allowed");
      return { allowed: true, res: new RateLimiterRes(budget === "requests" ? policy.requests : policy.cost, policy.windowSeconds * 1000, 0) };
    }
  }

  private async peek(policy: RatePolicy, principal: string): Promise<RateLimiterRes> {
    return (await this.limiter("cost", policy).get(principal).catch(() => null)) ?? new RateLimiterRes(policy.cost, policy.windowSeconds * 1000, 0);
  }

  private async peekRequests(policy: RatePolicy, principal: string): Promise<RateLimiterRes> {
    return (await this.limiter("requests", policy).get(principal).catch(() => null)) ?? new RateLimiterRes(policy.requests, policy.windowSeconds * 1000, 0);
  }

  /** One limiter per budget and policy (a partner's override has its own counters). */
  private limiter(budget: Budget, policy: RatePolicy): RateLimiterAbstract {
    const points = budget === "requests" ? policy.requests : policy.cost;
    const keyPrefix = `${this.options.prefix}:rl:${budget}:${points}:${policy.windowSeconds}`;
    let limiter = this.limiters.get(keyPrefix);
    if (!limiter) {
      const settings = { points, duration: policy.windowSeconds, keyPrefix };
      limiter = this.options.redis
        ? new RateLimiterRedis({ ...settings, storeClient: this.options.redis, insuranceLimiter: new RateLimiterMemory(settings) })
        : new RateLimiterMemory(settings);
      this.limiters.set(keyPrefix, limiter);
    }
    return limiter;
  }

  private decide(policy: RatePolicy, requests: RateLimiterRes, cost: RateLimiterRes, exhausted?: Budget): RateDecision {
    const reset = (res: RateLimiterRes) => Math.max(Math.ceil(res.msBeforeNext / 1000), 0);
    const remaining = (res: RateLimiterRes, limit: number) => Math.max(Math.min(res.remainingPoints, limit), 0);
    const w = policy.windowSeconds;
    const refusedBy = exhausted === "cost" ? cost : requests;
    return {
      allowed: !exhausted,
      ...(exhausted ? { exhausted } : {}),
      retryAfterSeconds: exhausted ? Math.max(reset(refusedBy), 1) : 0,
      policy,
      // draft-ietf-httpapi-ratelimit-headers: one policy item per budget, quota q over window w;
      // RateLimit gives what remains (r) and the seconds until the window resets (t).
      headers: {
        "RateLimit-Policy": `"requests";q=${policy.requests};w=${w}, "cost";q=${policy.cost};w=${w}`,
        RateLimit: `"requests";r=${remaining(requests, policy.requests)};t=${reset(requests)}, "cost";r=${remaining(cost, policy.cost)};t=${reset(cost)}`,
      },
    };
  }
}
