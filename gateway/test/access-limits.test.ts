import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { Redis } from "ioredis";
import { createLogger } from "@floorgraph/logger";
import { startTestRedis, TEST_JWT, testConfig, tokenFor, wsClient, type TestRedis } from "@floorgraph/testing";
import { startGateway, type GatewayOptions, type RunningGateway } from "../src/index.ts";
import { testGatewayOptions } from "./support/lab.ts";
import { AccessLimiter } from "../src/access/limiter.ts";
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from "../src/access/policy.ts";

// Rate limits, automatic persisted queries and the introspection policy at the gateway, against a
// small real subgraph and real gateways (and a real redis-server for the shared-limit cases).
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { hello: String! }
`;
const logger = createLogger("gateway-access-test", testConfig.LOG_LEVEL);
const redis: TestRedis | null = await startTestRedis();
let subgraph: ApolloServer;
let supergraphSdl: string;
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  subgraph = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(SDL), resolvers: { Query: { hello: () => "world" } } }) });
  const { url } = await startStandaloneServer(subgraph, { listen: { port: 0, host: "127.0.0.1" } });
  const composed = composeServices([{ name: "hello", url, typeDefs: parse(SDL) }]);
  if (composed.errors) throw composed.errors[0];
  supergraphSdl = composed.supergraphSdl as string;
});
afterAll(async () => {
  for (const g of gateways) await g.stop();
  await subgraph?.stop();
  await redis?.stop();
});

const limits = (overrides: Partial<RateLimitSettings>): RateLimitSettings => ({ ...DEFAULT_RATE_LIMITS, ...overrides });
async function gateway(access: GatewayOptions["access"], redisUrl?: string): Promise<RunningGateway> {
  const options = testGatewayOptions(supergraphSdl, TEST_JWT.secret, {
    access,
    // The gateway's one REDIS_URL (revocations, rate limits, persisted queries).
    ...(redisUrl ? { redisUrl } : {}),
  });
  const started = await startGateway(options, logger, 0);
  gateways.push(started);
  return started;
}

async function post(url: string, body: Record<string, unknown>, token?: string) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] } };
}
const hello = (url: string, token?: string) => post(url, { query: "{ hello }" }, token);

describe("rate limits in memory", () => {
  it("counts requests per principal, answers 429 RATE_LIMITED with Retry-After and the RateLimit headers", async () => {
    const g = await gateway({ rateLimits: limits({ OPERATOR: { requests: 3, cost: 1000, windowSeconds: 60 } }) });
    const operator = await tokenFor("OPERATOR");
    const first = await hello(g.url, operator);
    expect(first.body.data).toEqual({ hello: "world" });
    expect(first.headers.get("ratelimit-policy")).toBe(`"requests";q=3;w=60, "cost";q=1000;w=60`);
    expect(first.headers.get("ratelimit")).toMatch(/^"requests";r=2;t=\d+, "cost";r=1000;t=\d+$/);
    expect((await hello(g.url, operator)).status).toBe(200);
    expect((await hello(g.url, operator)).headers.get("ratelimit")).toMatch(/^"requests";r=0;/);
    const refused = await hello(g.url, operator);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect(refused.headers.get("ratelimit")).toMatch(/^"requests";r=0;/);
    expect(refused.headers.get("access-control-expose-headers")).toBe("RateLimit,RateLimit-Policy,Retry-After");
    // Another user of the same role, and anonymous callers, have budgets of their own.
    expect((await hello(g.url, await tokenFor("OPERATOR", { userId: randomUUID() }))).status).toBe(200);
    expect((await hello(g.url)).status).toBe(200);
  });

  it("applies a partner's override from the token, and counts an API key apart from its user", async () => {
    const g = await gateway({ rateLimits: limits({ PARTNER: { requests: 100, cost: 1000, windowSeconds: 60 } }) });
    const limited = await tokenFor("PARTNER", { rateLimit: { requestsPerMinute: 2, costPerMinute: 500 } });
    expect((await hello(g.url, limited)).headers.get("ratelimit-policy")).toBe(`"requests";q=2;w=60, "cost";q=500;w=60`);
    expect((await hello(g.url, limited)).status).toBe(200);
    expect((await hello(g.url, limited)).status).toBe(429);
    const key = await tokenFor("PARTNER", { kind: "api-key", apiKeyId: randomUUID(), scopes: ["orders:read"], rateLimit: { requestsPerMinute: 2, costPerMinute: 500 } });
    expect((await hello(g.url, key)).status).toBe(200);
  });

  it("counts anonymous callers by address, and operations over a socket as requests", async () => {
    const g = await gateway({ rateLimits: limits({ anonymous: { requests: 2, cost: 1000, windowSeconds: 60 }, VIEWER: { requests: 2, cost: 1000, windowSeconds: 60 } }) });
    expect((await hello(g.url)).status).toBe(200);
    expect((await hello(g.url)).status).toBe(200);
    const anonymous = await hello(g.url);
    expect(anonymous.status).toBe(429);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");

    const socket = wsClient(g.url, await tokenFor("VIEWER"));
    try {
      const results = [];
      for (let i = 0; i < 3; i++) {
        const op = socket.subscribe<{ hello: string }>("{ hello }");
        results.push(await op.next());
      }
      expect(results.slice(0, 2).map((r) => r.data)).toEqual([{ hello: "world" }, { hello: "world" }]);
      expect(results[2]?.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    } finally {
      await socket.dispose();
    }
  });

  it("sends no limit headers and refuses nothing when rate limits are off", async () => {
    const g = await gateway({ rateLimits: null });
    const anonymous = await hello(g.url);
    expect(anonymous.headers.get("ratelimit")).toBeNull();
    expect(anonymous.status).toBe(200);
  });
});

describe("the cost budget", () => {
  const policy = { requests: 100, cost: 100, windowSeconds: 60 };
  const cases: [string, () => Promise<AccessLimiter>][] = [["memory", async () => new AccessLimiter({ redis: null, prefix: `t:${randomUUID()}`, logger })]];
  const clients: Redis[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));
  if (redis) {
    cases.push(["Redis", async () => {
      const client = new Redis(redis.url);
      clients.push(client);
      return new AccessLimiter({ redis: client, prefix: `t:${randomUUID()}`, logger });
    }]);
  }
  it.each(cases)("charges estimates, refuses (and gives back) a charge over the budget, then refuses requests (%s)", async (_name, make) => {
    const limiter = await make();
    expect((await limiter.charge("user:a", policy, 60)).allowed).toBe(true);
    const over = await limiter.charge("user:a", policy, 60);
    expect(over).toMatchObject({ allowed: false, exhausted: "cost" });
    expect(over.headers.RateLimit).toMatch(/"cost";r=40;/);
    expect((await limiter.charge("user:a", policy, 40)).allowed).toBe(true);
    const next = await limiter.admit("user:a", policy);
    expect(next).toMatchObject({ allowed: false, exhausted: "cost" });
    expect(next.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await limiter.admit("user:b", policy)).allowed).toBe(true);
  });
});

describe.skipIf(!redis)("rate limits and persisted queries shared through Redis", () => {
  it("two gateways on one redis-server spend one budget per principal", async () => {
    const shared = { redisPrefix: `floorgraph-test:${randomUUID()}`, rateLimits: limits({ SUPERVISOR: { requests: 4, cost: 1000, windowSeconds: 60 } }) };
    const a = await gateway(shared, redis!.url);
    const b = await gateway(shared, redis!.url);
    const token = await tokenFor("SUPERVISOR");
    const statuses = [];
    for (const g of [a, b, a, b, a, b]) statuses.push((await hello(g.url, token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // A gateway with its own prefix (another deployment) counts apart.
    const other = await gateway({ ...shared, redisPrefix: `floorgraph-test:${randomUUID()}` }, redis!.url);
    expect((await hello(other.url, token)).status).toBe(200);
  });

  it("an automatic persisted query registered through one gateway is found through the other", async () => {
    const shared = { redisPrefix: `floorgraph-test:${randomUUID()}` };
    const a = await gateway(shared, redis!.url);
    const b = await gateway(shared, redis!.url);
    const query = "query Hello { hello }";
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
    expect((await post(b.url, { extensions: { persistedQuery } })).body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await post(a.url, { query, extensions: { persistedQuery } })).body.data).toEqual({ hello: "world" });
    expect((await post(b.url, { extensions: { persistedQuery } })).body.data).toEqual({ hello: "world" });
  });
});

describe("automatic persisted queries in memory", () => {
  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, stores hash + query, refuses a wrong hash", async () => {
    const g = await gateway({});
    const query = "query HelloAgain { hello }";
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
    const miss = await post(g.url, { extensions: { persistedQuery } });
    expect(miss.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await post(g.url, { query, extensions: { persistedQuery } })).body.data).toEqual({ hello: "world" });
    expect((await post(g.url, { extensions: { persistedQuery } })).body.data).toEqual({ hello: "world" });
    // The Relay/trusted-documents form of the same hash, from a caller without a partner, is an APQ lookup.
    expect((await post(g.url, { documentId: persistedQuery.sha256Hash })).body.data).toEqual({ hello: "world" });
    const wrong = await post(g.url, { query: "{ hello }", extensions: { persistedQuery } });
    expect(wrong.status).toBe(400);
  });
});

describe("introspection", () => {
  const schemaQuery = { query: "{ __schema { queryType { name } } }" };
  const typeQuery = { query: `query { ...F } fragment F on Query { __type(name: "Query") { name } }` };

  it("is refused in production for anonymous callers, partners and keys without schema:read, and allowed for staff and schema:read keys", async () => {
    const g = await gateway({ production: true });
    for (const token of [undefined, await tokenFor("PARTNER"), await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] })]) {
      for (const body of [schemaQuery, typeQuery]) {
        const refused = await post(g.url, body, token);
        expect(refused.status).toBe(403);
        expect(refused.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect(refused.body.errors?.[0]?.message).toMatch(/Introspection/);
        expect(refused.body.data).toBeUndefined();
      }
    }
    expect((await post(g.url, { query: "{ __typename hello }" })).body.data).toEqual({ __typename: "Query", hello: "world" });
    for (const token of [await tokenFor("VIEWER"), await tokenFor("ADMIN"), await tokenFor("PARTNER", { kind: "api-key", scopes: ["schema:read"] })]) {
      expect((await post(g.url, schemaQuery, token)).body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
    }
    // No field suggestions in production either: they would leak what introspection hides.
    const typo = await post(g.url, { query: "{ hellp }" });
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it("stays open in development", async () => {
    const g = await gateway({ production: false });
    expect((await post(g.url, schemaQuery)).body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});
