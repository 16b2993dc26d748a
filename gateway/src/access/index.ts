import { Redis } from "ioredis";
import type { Logger } from "@floorgraph/logger";
import { apqCache } from "./apq-cache.ts";
import { AccessLimiter } from "./limiter.ts";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "./policy.ts";

export { DEFAULT_RATE_LIMITS, rateLimitsEnv, type RateLimitSettings, type RatePolicy } from "./policy.ts";
export type { RateAccount } from "./rate-limit.ts";

/** Who may do how much (see README: Rate limits, Trusted documents, Introspection). */
export interface AccessSettings {
  /** Per-role budgets; null: no rate limits. */
  rateLimits: RateLimitSettings | null;
  /** Prefix of every Redis key the gateway writes. */
  redisPrefix: string;
  /** NODE_ENV=production: introspection only for staff and API keys with schema:read. */
  production: boolean;
  /** How long an automatic persisted query is kept. */
  apqTtlSeconds: number;
}

export const DEFAULT_ACCESS: AccessSettings = { rateLimits: DEFAULT_RATE_LIMITS, redisPrefix: "floorgraph:gateway", production: false, apqTtlSeconds: 86_400 };

/** What the access control shares with the rest of the gateway: its one REDIS_URL. */
export interface AccessConnections {
  /** Redis shared by gateway instances for rate limits and automatic persisted queries (the gateway's REDIS_URL); absent: memory. */
  redisUrl?: string | null;
}

/** The stores behind the access plugins (pipeline/use-rate-limit.ts, Apollo's persisted queries). */
export interface AccessControl {
  settings: AccessSettings;
  /** Rate-limit counters (Redis when configured, else memory). */
  limiter: AccessLimiter;
  /** Apollo Server's persistedQueries option (automatic persisted queries). */
  persistedQueries: { cache: ReturnType<typeof apqCache>; ttl: number };
  close(): Promise<void>;
}

export async function createAccessControl(settings: AccessSettings, connections: AccessConnections, logger: Logger): Promise<AccessControl> {
  const redis = connections.redisUrl ? await connectRedis(connections.redisUrl, logger) : null;
  return {
    settings,
    limiter: new AccessLimiter({ redis, prefix: settings.redisPrefix, logger }),
    persistedQueries: { cache: apqCache(redis, settings.redisPrefix), ttl: settings.apqTtlSeconds },
    async close() {
      redis?.disconnect();
    },
  };
}

/** Fails fast while Redis is away (the limiter then counts in memory) instead of queueing commands. */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on("error", (err) => logger.warn({ err }, "gateway Redis connection error"));
  try {
    await redis.connect();
  } catch (error) {
    logger.error({ err: error }, "gateway Redis unreachable at start; rate limits count per instance until it is back");
  }
  return redis;
}
