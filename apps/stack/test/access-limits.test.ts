import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "@floorgraph/gateway";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { errorCodes, gql } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// Issue 12's access limits through the whole system: rate limits with a partner's override set by
// ADMIN, partners' trusted documents and registered-only keys, APQ for the dashboard, and the
// production introspection policy.
let stack: TestStack;
let admin: string;
const sha = (body: string) => createHash("sha256").update(body).digest("hex");

beforeAll(async () => {
  stack = await startTestStack({
    gatewayAccess: {
      production: true,
      rateLimits: {
        ...DEFAULT_RATE_LIMITS,
        VIEWER: { requests: 2, cost: 100_000, windowSeconds: 60 },
        // A cost budget a little over one list of 20 orders (estimated 20) and far from the request budget.
        SUPERVISOR: { requests: 100, cost: 30, windowSeconds: 60 },
      },
    },
  });
  const login = await gql(stack.url, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: "admin@floorgraph.dev", p: DEMO_PASSWORD });
  admin = login.data?.login.token;
});
afterAll(() => stack?.stopAll());

async function post(body: Record<string, unknown>, token?: string) {
  const res = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: Record<string, any> } };
}
const codesOf = (r: { body: { errors?: { extensions?: Record<string, any> }[] } }) => (r.body.errors ?? []).map((e) => e.extensions?.code);

async function partnerKey(partnerId: string, scopes: string[], registeredOperationsOnly = false): Promise<string> {
  const created = await gql(stack.url, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { partnerId, name: "integration", scopes, registeredOperationsOnly } }, admin);
  expect(created.errors).toBeUndefined();
  const exchanged = await gql(stack.url, `mutation($key: String!) { authenticateApiKey(key: $key) { token } }`, { key: created.data?.createApiKey.secret });
  return exchanged.data?.authenticateApiKey.token;
}

describe("rate limits", () => {
  it("answers a role over its default with 429 RATE_LIMITED, Retry-After and the RateLimit headers", async () => {
    const login = await gql(stack.url, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: "viewer@floorgraph.dev", p: DEMO_PASSWORD });
    const viewer = login.data?.login.token;
    const ok = await post({ query: "{ me { email } }" }, viewer);
    expect(ok.body.data?.me.email).toBe("viewer@floorgraph.dev");
    expect(ok.headers.get("ratelimit-policy")).toBe(`"requests";q=2;w=60, "cost";q=100000;w=60`);
    expect((await post({ query: "{ me { email } }" }, viewer)).status).toBe(200);
    const refused = await post({ query: "{ me { email } }" }, viewer);
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(["RATE_LIMITED"]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(Number(refused.headers.get("retry-after")));
    expect(refused.headers.get("ratelimit")).toMatch(/^"requests";r=0;t=\d+/);
  });

  it("enforces a partner's override set by ADMIN, visible as Partner.rateLimit, on its API key", async () => {
    const partner = await gql(stack.url, `mutation { createPartner(input: { code: "RATELTD", name: "Rate Limited Ltd" }) { id } }`, {}, admin);
    const partnerId = partner.data?.createPartner.id;
    const user = await gql(stack.url, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email: "api@ratelimited.example", name: "RL", role: "PARTNER", password: "long-enough-password", partnerId } }, admin);
    expect(user.errors).toBeUndefined();
    const set = await gql(stack.url, `mutation($id: ID!) { setPartnerRateLimit(partnerId: $id, limit: { requestsPerMinute: 3, costPerMinute: 5000 }) { id } }`, { id: partnerId }, admin);
    expect(set.errors).toBeUndefined();
    const shown = await gql(stack.url, `query($id: ID!) { partner(id: $id) { rateLimit { requestsPerMinute costPerMinute } } }`, { id: partnerId }, admin);
    expect(shown.data?.partner.rateLimit).toEqual({ requestsPerMinute: 3, costPerMinute: 5000 });
    // A VIEWER may not change it.
    const viewer = await gql(stack.url, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: "picker@floorgraph.dev", p: DEMO_PASSWORD });
    expect(errorCodes(await gql(stack.url, `mutation($id: ID!) { setPartnerRateLimit(partnerId: $id, limit: null) { id } }`, { id: partnerId }, viewer.data?.login.token))).toEqual(["FORBIDDEN"]);

    const key = await partnerKey(partnerId, ["orders:read"]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post({ query: "{ orders(first: 1) { id } }" }, key)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe("the cost budget, charged with demand control's estimate", () => {
  it("is spent by two expensive queries: the second is refused with 429 RATE_LIMITED and given back, a cheap one still runs", async () => {
    const login = await gql(stack.url, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: "supervisor@floorgraph.dev", p: DEMO_PASSWORD });
    const supervisor = login.data?.login.token;
    const expensive = { query: "{ orders(first: 20) { id number } }" };
    const first = await post(expensive, supervisor);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    // What demand control estimated is what the rate limit charged: 30 - 20 remain.
    expect(first.body.extensions?.cost).toMatchObject({ estimated: 20 });
    expect(first.headers.get("ratelimit")).toMatch(/^"requests";r=99;t=\d+, "cost";r=10;t=\d+$/);
    const second = await post(expensive, supervisor);
    expect(second.status).toBe(429);
    expect(codesOf(second)).toEqual(["RATE_LIMITED"]);
    expect(second.body.errors?.[0]?.message).toMatch(/operations costing 30 per 60 s/);
    expect(second.body.data).toBeUndefined();
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Refused before it ran, its charge given back: an operation within what remains still runs.
    const cheap = await post({ query: "{ me { email } }" }, supervisor);
    expect(cheap.status).toBe(200);
    expect(cheap.body.data?.me.email).toBe("supervisor@floorgraph.dev");
    expect(cheap.headers.get("ratelimit")).toMatch(/"cost";r=9;/);
  });
});

describe("trusted documents", () => {
  const body = "query PartnerOrders { orders(first: 2) { id number status } }";
  let strict: string;

  beforeAll(async () => {
    const acme = await gql(stack.url, `{ partners { id code } }`, {}, admin);
    const acmeId = acme.data?.partners.find((p: { code: string }) => p.code === "ACME").id;
    const writer = await partnerKey(acmeId, ["operations:write"]);
    const registered = await gql(stack.url, `mutation($ops: [PersistedOperationInput!]!) { registerPersistedOperations(operations: $ops) { hash } }`, { ops: [{ hash: sha(body), body }] }, writer);
    expect(registered.data?.registerPersistedOperations).toEqual([{ hash: sha(body) }]);
    strict = await partnerKey(acmeId, ["orders:read"], true);
  });

  it("refuses a registered-only key's free-form query with FORBIDDEN", async () => {
    const refused = await post({ query: body }, strict);
    expect(refused.status).toBe(403);
    expect(codesOf(refused)).toEqual(["FORBIDDEN"]);
  });

  it("runs a registered document sent by hash, in the trusted-documents and the APQ form", async () => {
    const byId = await post({ documentId: sha(body) }, strict);
    expect(byId.body.errors).toBeUndefined();
    expect(Array.isArray(byId.body.data?.orders)).toBe(true);
    const byApq = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha(body) } } }, strict);
    expect(byApq.body.errors).toBeUndefined();
    expect(byApq.body.data?.orders).toEqual(byId.body.data?.orders);
  });

  it("answers a hash not registered for the partner with PERSISTED_QUERY_NOT_FOUND, even with the query sent along", async () => {
    const other = "query Other { orders(first: 1) { id } }";
    expect(codesOf(await post({ documentId: sha(other) }, strict))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expect(codesOf(await post({ query: other, extensions: { persistedQuery: { version: 1, sha256Hash: sha(other) } } }, strict))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });
});

describe("automatic persisted queries (the dashboard's)", () => {
  it("answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, then stores hash + query and runs the hash alone", async () => {
    const query = "query ApqOrders { orders(first: 1) { id number } }";
    const persistedQuery = { version: 1, sha256Hash: sha(query) };
    expect(codesOf(await post({ extensions: { persistedQuery } }, admin))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    const stored = await post({ query, extensions: { persistedQuery } }, admin);
    expect(stored.body.data?.orders).toHaveLength(1);
    const byHash = await post({ extensions: { persistedQuery } }, admin);
    expect(byHash.body.data).toEqual(stored.body.data);
  });
});

describe("introspection in production", () => {
  const introspection = { query: "{ __schema { queryType { name } } }" };
  it("is refused for anonymous callers and allowed for staff", async () => {
    const anonymous = await post(introspection);
    expect(anonymous.status).toBe(403);
    expect(codesOf(anonymous)).toEqual(["FORBIDDEN"]);
    expect((await post(introspection, admin)).body.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});
