import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@floorgraph/logger";
import { startTestRedis, type TestRedis } from "@floorgraph/testing";
import { apqCache } from "../src/access/apq-cache.ts";
import { AccessLimiter } from "../src/access/limiter.ts";

// The rate limiter's and the persisted-query cache's storage on a real Redis: what two gateway
// instances share, and what happens when Redis goes away.
const logger = createLogger("access-stores-test", "silent");
const POLICY = { requests: 3, cost: 100, windowSeconds: 60 };
let redis: TestRedis | null;
const clients: Redis[] = [];
const connect = async (url: string) => {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  client.on("error", () => undefined);
  await client.connect();
  clients.push(client);
  return client;
};

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

describe("AccessLimiter on Redis", () => {
  it("shares one budget between gateway instances: the request over it is refused on whichever counts it", async (ctx) => {
    if (!redis) return ctx.skip();
    const prefix = `share-${Date.now()}`;
    const one = new AccessLimiter({ redis: await connect(redis.url), prefix, logger });
    const two = new AccessLimiter({ redis: await connect(redis.url), prefix, logger });
    const decisions = [await one.admit("user:a", POLICY), await two.admit("user:a", POLICY), await one.admit("user:a", POLICY), await two.admit("user:a", POLICY)];
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ exhausted: "requests", retryAfterSeconds: expect.any(Number) });
    expect(decisions[3]?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another principal's budget is its own.
    expect((await two.admit("user:b", POLICY)).allowed).toBe(true);
    const keys = await (await connect(redis.url)).keys(`${prefix}:rl:*`);
    expect(keys.sort()).toEqual([`${prefix}:rl:requests:3:60:user:a`, `${prefix}:rl:requests:3:60:user:b`]);
  });

  it("charges cost, refuses (and gives back) a charge over the budget, then refuses further requests until the window ends", async (ctx) => {
    if (!redis) return ctx.skip();
    const limiter = new AccessLimiter({ redis: await connect(redis.url), prefix: `cost-${Date.now()}`, logger });
    expect((await limiter.charge("key:k", POLICY, 60)).allowed).toBe(true);
    const over = await limiter.charge("key:k", POLICY, 60);
    expect(over).toMatchObject({ allowed: false, exhausted: "cost" });
    // The refused charge was given back: 40 remain, so a charge of 40 still fits.
    expect((await limiter.charge("key:k", POLICY, 40)).allowed).toBe(true);
    const spent = await limiter.admit("key:k", POLICY);
    expect(spent).toMatchObject({ allowed: false, exhausted: "cost" });
    expect(spent.headers["RateLimit"]).toMatch(/"cost";r=0;/);
    expect(spent.headers["RateLimit-Policy"]).toBe('"requests";q=3;w=60, "cost";q=100;w=60');
  });

  it("counts in memory while Redis is unreachable, refusing nobody for Redis's sake", async () => {
    const gone = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    gone.on("error", () => undefined);
    const limiter = new AccessLimiter({ redis: gone, prefix: "gone", logger });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push((await limiter.admit("ip:10.0.0.1", POLICY)).allowed);
    expect(decisions).toEqual([true, true, true, false]);
    gone.disconnect();
  });
});

describe("automatic persisted queries' cache", () => {
  it("keeps queries in Redis, shared by instances, for the APQ ttl", async (ctx) => {
    if (!redis) return ctx.skip();
    const prefix = `apq-${Date.now()}`;
    const one = apqCache(await connect(redis.url), prefix);
    const two = apqCache(await connect(redis.url), prefix);
    await one.set("abc", "{ hello }", { ttl: 120 });
    expect(await two.get("abc")).toBe("{ hello }");
    const raw = await connect(redis.url);
    expect(await raw.ttl(`${prefix}:apq:abc`)).toBeGreaterThan(100);
    expect(await two.delete("abc")).toBe(true);
    expect(await one.get("abc")).toBeUndefined();
  });

  it("makes a failing Redis a miss (the client resends the query), and keeps queries in memory without Redis", async () => {
    const gone = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    gone.on("error", () => undefined);
    const failing = apqCache(gone, "gone");
    // A failed read is a miss; a failed write rejects, which Apollo Server logs without failing the request.
    expect(await failing.get("k")).toBeUndefined();
    await expect(failing.set("k", "{ a }")).rejects.toThrow();
    gone.disconnect();
    const memory = apqCache(null, "unused");
    await memory.set("k", "{ a }");
    expect(await memory.get("k")).toBe("{ a }");
  });
});
