import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RevocationList } from "@floorgraph/auth";
import { RedisRevocationTransport } from "@floorgraph/auth/redis";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { DEFAULT_LIMITS, startGateway, type RunningGateway } from "@floorgraph/gateway";
import { createLogger } from "@floorgraph/logger";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { errorCodes, gql, sseSubscribe, startTestRedis, TEST_JWT, TEST_SIGNING_SECRET, testConfig, tokenFor, wsClient, type TestRedis } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// The contract, verbatim.
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token refreshToken expiresAt user { id role } } }`;
const REFRESH = `mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { token refreshToken expiresAt } }`;
const LOGOUT = `mutation Logout { logout }`;
const ORDERS = `{ orders(first: 1) { id } }`;
const ALARMS = `subscription { alarmRaised(minSeverity: INFO) { id } }`;

let redis: TestRedis | null;
let stack: TestStack;
let admin: string;
const extraGateways: RunningGateway[] = [];
const from = (address: string) => ({ "x-forwarded-for": address });
const login = (email: string, password: string, address = "192.0.2.10") => gql(stack.url, LOGIN, { email, password }, undefined, from(address));

/** How long until the token is refused at the gateway's edge (HTTP 401 UNAUTHENTICATED); fails after 5 s. */
async function refusedWithin5s(url: string, token: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await gql(url, ORDERS, {}, token);
    if (res.status === 401) {
      expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
      return Date.now() - started;
    }
    expect(res.errors).toBeUndefined();
    if (Date.now() - started > 5000) throw new Error("the token was still accepted 5 s after its revocation");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))]);

beforeAll(async () => {
  redis = await startTestRedis();
  // Revocations travel through Redis when there is one (as between processes), else in process.
  const revocations = await new RevocationList(redis ? new RedisRevocationTransport({ url: redis.url }) : null).start();
  stack = await startTestStack({ gateway: { trustProxyHeader: "x-forwarded-for" }, revocations });
  admin = await tokenFor("ADMIN");
}, 600_000);
afterAll(async () => {
  for (const g of extraGateways) await g.stop();
  await stack?.stopAll();
  await stack?.revocations.close();
  await redis?.stop();
});

describe("sessions through the gateway", () => {
  it("logs in, refreshes (rotating the refresh token) and logs out, as the contract says", async () => {
    const first = await login("supervisor@floorgraph.dev", DEMO_PASSWORD);
    expect(first.errors).toBeUndefined();
    expect(first.data?.login).toMatchObject({ token: expect.any(String), refreshToken: expect.any(String), user: { role: "SUPERVISOR" } });
    expect(Date.parse(first.data?.login.expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    const next = await gql(stack.url, REFRESH, { refreshToken: first.data?.login.refreshToken });
    expect(next.errors).toBeUndefined();
    const { token, refreshToken } = next.data?.refreshToken;
    expect(refreshToken).not.toBe(first.data?.login.refreshToken);
    expect((await gql(stack.url, ORDERS, {}, token)).errors).toBeUndefined();
    expect((await gql(stack.url, LOGOUT, {}, token)).data?.logout).toBe(true);
    await refusedWithin5s(stack.url, token);
    expect(errorCodes(await gql(stack.url, REFRESH, { refreshToken }))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("revocation", () => {
  it("refuses a disabled user's token within 5 s, closes their socket with 4401 and ends their SSE stream", async () => {
    const created = await gql(stack.url, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email: "temp.operator@floorgraph.dev", name: "Temp", role: "OPERATOR", password: "a temporary password" } }, admin);
    expect(created.errors).toBeUndefined();
    const { token } = (await login("temp.operator@floorgraph.dev", "a temporary password")).data?.login;
    expect((await gql(stack.url, ORDERS, {}, token)).errors).toBeUndefined();
    const socket = wsClient(stack.url, token);
    const ws = socket.subscribe(ALARMS);
    const sse = sseSubscribe(stack.url, ALARMS, {}, token);
    await new Promise((r) => setTimeout(r, 500));
    const disabled = await gql(stack.url, `mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }`, { id: created.data?.createUser.id }, admin);
    expect(disabled.data?.setUserActive.active).toBe(false);
    const ms = await refusedWithin5s(stack.url, token);
    expect(await withTimeout(socket.closed, 5000, "closing the socket")).toMatchObject({ code: 4401 });
    await withTimeout(sse.ended, 5000, "ending the SSE stream");
    await withTimeout(ws.ended, 5000, "ending the socket's subscription");
    console.info(`disabled user's token refused after ${ms} ms`);
    sse.stop();
    await socket.dispose();
  });

  it("refuses a token exchanged for an API key once the key is revoked", async () => {
    const acme = (await gql(stack.url, `{ partners { id code } }`, {}, admin)).data?.partners.find((p: { code: string }) => p.code === "ACME");
    const created = await gql(stack.url, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`, { input: { partnerId: acme.id, name: "revocation test", scopes: ["orders:read"] } }, admin);
    const { apiKey, secret } = created.data?.createApiKey;
    const exchanged = await gql(stack.url, `mutation($key: String!) { authenticateApiKey(key: $key) { token expiresAt } }`, { key: secret });
    const { token } = exchanged.data?.authenticateApiKey;
    expect((await gql(stack.url, ORDERS, {}, token)).errors).toBeUndefined();
    const socket = wsClient(stack.url, token);
    await new Promise((r) => setTimeout(r, 300));
    await gql(stack.url, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin);
    await refusedWithin5s(stack.url, token);
    expect(await withTimeout(socket.closed, 5000, "closing the API key's socket")).toMatchObject({ code: 4401 });
    await socket.dispose();
  });

  it("is enforced by another gateway instance sharing the Redis, and by one that starts later", async (ctx) => {
    if (!redis) return ctx.skip("no redis-server installed and FLOORGRAPH_TEST_REDIS_URL unset");
    const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url]));
    const second = async () => {
      const gateway = await startGateway(
        {
          supergraph: { path: SUPERGRAPH_PATH },
          jwt: { secret: TEST_JWT.secret },
          forwardHeaders: ["authorization", "x-request-id"],
          corsOrigins: "*",
          subgraphUrls,
          subgraphTimeoutMs: 10_000,
          maxBodyBytes: 1_000_000,
          limits: DEFAULT_LIMITS,
          subgraphSigningSecret: TEST_SIGNING_SECRET,
          redisUrl: redis?.url,
        },
        createLogger("gateway-2", testConfig.LOG_LEVEL),
        0,
      );
      extraGateways.push(gateway);
      return gateway;
    };
    const other = await second();
    const { token } = (await login("viewer@floorgraph.dev", DEMO_PASSWORD, "192.0.2.77")).data?.login;
    expect((await gql(other.url, ORDERS, {}, token)).status).toBe(200);
    expect((await gql(stack.url, LOGOUT, {}, token)).data?.logout).toBe(true);
    const ms = await refusedWithin5s(other.url, token);
    console.info(`logout through one gateway enforced by the other after ${ms} ms`);
    const late = await second();
    expect((await gql(late.url, ORDERS, {}, token)).status).toBe(401);
    // and the other gateway's own logins are still served
    expect((await gql(other.url, ORDERS, {}, (await login("picker@floorgraph.dev", DEMO_PASSWORD, "192.0.2.78")).data?.login.token)).errors).toBeUndefined();
  });
});

describe("login abuse", () => {
  it("lets the owner log in from another address after 20 wrong passwords from one, and ignores a client's copy of the address header", async () => {
    for (let i = 0; i < 20; i++) {
      // A forged address header changes nothing: the gateway sets its own from X-Forwarded-For.
      const res = await gql(stack.url, LOGIN, { email: "operator@floorgraph.dev", password: `wrong-${i}` }, undefined, { ...from("203.0.113.7"), "x-floorgraph-client-address": `10.9.9.${i}` });
      expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
    }
    expect(errorCodes(await login("operator@floorgraph.dev", DEMO_PASSWORD, "203.0.113.7"))).toEqual(["UNAUTHENTICATED"]);
    const owner = await login("operator@floorgraph.dev", DEMO_PASSWORD, "198.51.100.9");
    expect(owner.errors).toBeUndefined();
    expect(owner.data?.login.user.role).toBe("OPERATOR");
  });
});
