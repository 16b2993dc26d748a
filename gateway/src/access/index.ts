import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { GraphQLError } from "graphql";
import { Redis } from "ioredis";
import type { Identity } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";
import type { GatewayContext } from "../context.ts";
import { apqCache } from "./apq-cache.ts";
import { introspectionPolicy } from "./introspection.ts";
import { AccessLimiter } from "./limiter.ts";
import { DEFAULT_RATE_LIMITS, policyFor, principalOf, type RateLimitSettings } from "./policy.ts";
import { rateLimitCost, rateLimitedError, rateLimitRequests, type RateAccount } from "./rate-limit.ts";
import { trustedDocuments, type DocumentLookup } from "./trusted-documents.ts";

/** Refuses a socket or SSE operation (registered-only keys, spent budgets); null when allowed. */
export type OperationAdmission = AccessControl["admitOperation"];

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

/** What the access control shares with the rest of the gateway: its one REDIS_URL and TRUST_PROXY_HEADER. */
export interface AccessConnections {
  /** Redis shared by gateway instances for rate limits and automatic persisted queries (the gateway's REDIS_URL); absent: memory. */
  redisUrl?: string | null;
  /** The header naming the client behind a proxy: anonymous callers' principal is the address it gives. */
  trustProxyHeader?: string | null;
}

export interface AccessControl {
  production: boolean;
  /** Apollo Server's persistedQueries option (automatic persisted queries). */
  persistedQueries: { cache: ReturnType<typeof apqCache>; ttl: number };
  /** Plugins to list after the cost analysis. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Express handlers after edge authentication: the request budget, then trusted documents. */
  http(lookup: DocumentLookup | null): RequestHandler[];
  /** The budget an operation run outside Express (over a socket) spends; undefined without limits. */
  account(identity: Identity | null, address: string | undefined): RateAccount | undefined;
  /** A socket or SSE operation: counted as a request; null when allowed, else the error to answer. */
  admitOperation(identity: Identity | null, address: string | undefined): Promise<{ error: GraphQLError; status: number; headers: Record<string, string> } | null>;
  close(): Promise<void>;
}

export async function createAccessControl(settings: AccessSettings, connections: AccessConnections, logger: Logger): Promise<AccessControl> {
  const redis = connections.redisUrl ? await connectRedis(connections.redisUrl, logger) : null;
  const limiter = new AccessLimiter({ redis, prefix: settings.redisPrefix, logger });
  const limits = settings.rateLimits;
  return {
    production: settings.production,
    persistedQueries: { cache: apqCache(redis, settings.redisPrefix), ttl: settings.apqTtlSeconds },
    plugins: [...(limits ? [rateLimitCost(limiter)] : []), ...(settings.production ? [introspectionPolicy()] : [])],
    http: (lookup) => [...(limits ? [rateLimitRequests(limiter, limits, connections.trustProxyHeader)] : []), ...(lookup ? [trustedDocuments(lookup, { logger })] : [])],
    account: (identity, address) => (limits ? { principal: principalOf(identity, address), policy: policyFor(identity, limits) } : undefined),
    async admitOperation(identity, address) {
      if (identity?.registeredOperationsOnly) {
        const error = new GraphQLError("This API key runs registered operations only, over HTTP POST by documentId", { extensions: { code: "FORBIDDEN" } });
        return { error, status: 403, headers: {} };
      }
      if (!limits) return null;
      const decision = await limiter.admit(principalOf(identity, address), policyFor(identity, limits));
      if (decision.allowed) return null;
      return { error: rateLimitedError(decision), status: 429, headers: { ...decision.headers, "Retry-After": String(decision.retryAfterSeconds) } };
    },
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
