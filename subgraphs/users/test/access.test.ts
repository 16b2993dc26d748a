import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyToken } from "@floorgraph/auth";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { errorCodes, signedGql, startTestSubgraph, TEST_JWT, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { usersService } from "../src/server.ts";

let subgraph: TestSubgraph<PrismaClient>;
let admin: string;
let acmeId: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(usersService, { seed: true });
  admin = await tokenFor("ADMIN");
  acmeId = (await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } })).id;
});
afterAll(() => subgraph?.stop());

const sha = (body: string) => createHash("sha256").update(body).digest("hex");
const SET_LIMIT = `mutation($id: ID!, $limit: PartnerRateLimitInput) { setPartnerRateLimit(partnerId: $id, limit: $limit) { id rateLimit { requestsPerMinute costPerMinute } } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id registeredOperationsOnly } } }`;
const EXCHANGE = `mutation($key: String!) { authenticateApiKey(key: $key) { token } }`;
const REGISTER = `mutation($partnerId: ID, $ops: [PersistedOperationInput!]!) { registerPersistedOperations(partnerId: $partnerId, operations: $ops) { hash body } }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { token refreshToken } }`;
const auditCount = (action: string) => subgraph.prisma.auditEntry.count({ where: { action } });

async function keyToken(scopes: string[], registeredOperationsOnly = false) {
  const created = await signedGql(subgraph.url, CREATE_KEY, { input: { partnerId: acmeId, name: "integration", scopes, registeredOperationsOnly } }, admin);
  expect(created.errors).toBeUndefined();
  const exchanged = await signedGql(subgraph.url, EXCHANGE, { key: created.data?.createApiKey.secret });
  return { id: created.data?.createApiKey.apiKey.id as string, token: exchanged.data?.authenticateApiKey.token as string, apiKey: created.data?.createApiKey.apiKey };
}

describe("partner rate limits", () => {
  it("lets ADMIN set, show and clear a partner's override, audited, and carries it into its users' and keys' tokens", async () => {
    const before = await auditCount("partner.rate_limit_set");
    const set = await signedGql(subgraph.url, SET_LIMIT, { id: acmeId, limit: { requestsPerMinute: 30, costPerMinute: 5000 } }, admin);
    expect(set.data?.setPartnerRateLimit.rateLimit).toEqual({ requestsPerMinute: 30, costPerMinute: 5000 });
    expect(await auditCount("partner.rate_limit_set")).toBe(before + 1);

    const login = await signedGql(subgraph.url, `mutation { login(email: "partner@floorgraph.dev", password: "${DEMO_PASSWORD}") { token refreshToken } }`);
    expect((await verifyToken(login.data?.login.token, TEST_JWT)).rateLimit).toEqual({ requestsPerMinute: 30, costPerMinute: 5000 });
    const refreshed = await signedGql(subgraph.url, REFRESH, { t: login.data?.login.refreshToken });
    expect((await verifyToken(refreshed.data?.refreshToken.token, TEST_JWT)).rateLimit).toEqual({ requestsPerMinute: 30, costPerMinute: 5000 });
    const key = await keyToken(["orders:read"]);
    const identity = await verifyToken(key.token, TEST_JWT);
    expect(identity).toMatchObject({ kind: "api-key", apiKeyId: key.id, rateLimit: { requestsPerMinute: 30, costPerMinute: 5000 } });
    expect(identity.registeredOperationsOnly).toBeUndefined();

    const cleared = await signedGql(subgraph.url, SET_LIMIT, { id: acmeId, limit: null }, admin);
    expect(cleared.data?.setPartnerRateLimit.rateLimit).toBeNull();
    // A session's next refresh reads the partner again: its tokens lose the override.
    const next = await signedGql(subgraph.url, REFRESH, { t: refreshed.data?.refreshToken.refreshToken });
    expect(next.errors).toBeUndefined();
    expect((await verifyToken(next.data?.refreshToken.token, TEST_JWT)).rateLimit).toBeUndefined();
    const adminLogin = await signedGql(subgraph.url, `mutation { login(email: "admin@floorgraph.dev", password: "${DEMO_PASSWORD}") { token } }`);
    expect((await verifyToken(adminLogin.data?.login.token, TEST_JWT)).rateLimit).toBeUndefined();
  });

  it("refuses other roles (FORBIDDEN) and out-of-range values (BAD_USER_INPUT), changing nothing", async () => {
    const before = await auditCount("partner.rate_limit_set");
    const supervisor = await signedGql(subgraph.url, SET_LIMIT, { id: acmeId, limit: { requestsPerMinute: 1, costPerMinute: 1 } }, await tokenFor("SUPERVISOR"));
    expect(errorCodes(supervisor)).toEqual(["FORBIDDEN"]);
    const zero = await signedGql(subgraph.url, SET_LIMIT, { id: acmeId, limit: { requestsPerMinute: 0, costPerMinute: 1 } }, admin);
    expect(errorCodes(zero)).toEqual(["BAD_USER_INPUT"]);
    expect(zero.errors?.[0]?.extensions?.field).toBe("requestsPerMinute");
    expect(await auditCount("partner.rate_limit_set")).toBe(before);
    expect((await subgraph.prisma.partner.findUniqueOrThrow({ where: { id: acmeId } })).rateLimitRequestsPerMinute).toBeNull();
  });
});

describe("trusted documents", () => {
  const body = `query MyOrders { orders(first: 5) { id number status } }`;

  it("registers operations from a key with operations:write, idempotently, and serves them to its own partner only", async () => {
    const writer = await keyToken(["orders:read", "operations:write"]);
    const first = await signedGql(subgraph.url, REGISTER, { ops: [{ body }] }, writer.token);
    expect(first.errors).toBeUndefined();
    expect(first.data?.registerPersistedOperations).toEqual([{ hash: sha(body), body }]);
    const again = await signedGql(subgraph.url, REGISTER, { ops: [{ hash: sha(body), body }] }, writer.token);
    expect(again.data?.registerPersistedOperations).toHaveLength(1);
    expect(await subgraph.prisma.persistedOperation.count({ where: { partnerId: acmeId } })).toBe(1);

    const lookup = `query($hash: String!) { persistedOperation(hash: $hash) { hash body } }`;
    const reader = await keyToken(["orders:read"]);
    expect((await signedGql(subgraph.url, lookup, { hash: sha(body) }, reader.token)).data?.persistedOperation.body).toBe(body);
    // Another partner's caller (and staff without a partner) see nothing.
    const other = await tokenFor("PARTNER", { partnerId: "00000000-0000-4000-8000-000000000001" });
    expect((await signedGql(subgraph.url, lookup, { hash: sha(body) }, other)).data?.persistedOperation).toBeNull();
    expect((await signedGql(subgraph.url, lookup, { hash: sha(body) }, admin)).data?.persistedOperation).toBeNull();
    const named = await signedGql(subgraph.url, `query($hash: String!, $p: ID) { persistedOperation(hash: $hash, partnerId: $p) { hash } }`, { hash: sha(body), p: acmeId }, admin);
    expect(named.data?.persistedOperation.hash).toBe(sha(body));
    const listed = await signedGql(subgraph.url, `query($id: ID!) { partner(id: $id) { persistedOperations { hash } } }`, { id: acmeId }, reader.token);
    expect(listed.data?.partner.persistedOperations).toEqual([{ hash: sha(body) }]);
  });

  it("refuses a wrong hash, an unparsable body, a key without the scope and a partner user, writing nothing", async () => {
    const writer = await keyToken(["operations:write"]);
    const count = () => subgraph.prisma.persistedOperation.count();
    const before = await count();
    const audits = await auditCount("operations.registered");
    const wrongHash = await signedGql(subgraph.url, REGISTER, { ops: [{ body: "{ me { id } }" }, { hash: sha("other"), body: "{ me { email } }" }] }, writer.token);
    expect(errorCodes(wrongHash)).toEqual(["BAD_USER_INPUT"]);
    expect(wrongHash.errors?.[0]?.extensions?.field).toBe("operations.1.hash");
    expect(errorCodes(await signedGql(subgraph.url, REGISTER, { ops: [{ body: "query {" }] }, writer.token))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await signedGql(subgraph.url, REGISTER, { ops: [{ body: "fragment F on User { id }" }] }, writer.token))).toEqual(["BAD_USER_INPUT"]);
    const noScope = await keyToken(["orders:read"]);
    expect(errorCodes(await signedGql(subgraph.url, REGISTER, { ops: [{ body: "{ me { id } }" }] }, noScope.token))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await signedGql(subgraph.url, REGISTER, { ops: [{ body: "{ me { id } }" }] }, await tokenFor("PARTNER")))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await signedGql(subgraph.url, REGISTER, { ops: [{ body: "{ me { id } }" }] }, admin))).toEqual(["BAD_USER_INPUT"]);
    expect(await count()).toBe(before);
    expect(await auditCount("operations.registered")).toBe(audits);
  });

  it("sets registered-only mode at creation and later (ADMIN, audited), carried as a token claim", async () => {
    const strict = await keyToken(["orders:read"], true);
    expect(strict.apiKey.registeredOperationsOnly).toBe(true);
    expect((await verifyToken(strict.token, TEST_JWT)).registeredOperationsOnly).toBe(true);
    const before = await auditCount("apikey.registered_operations_only_set");
    const set = `mutation($id: ID!, $v: Boolean!) { setApiKeyRegisteredOperationsOnly(id: $id, registeredOperationsOnly: $v) { registeredOperationsOnly } }`;
    expect(errorCodes(await signedGql(subgraph.url, set, { id: strict.id, v: false }, await tokenFor("OPERATOR")))).toEqual(["FORBIDDEN"]);
    const lifted = await signedGql(subgraph.url, set, { id: strict.id, v: false }, admin);
    expect(lifted.data?.setApiKeyRegisteredOperationsOnly.registeredOperationsOnly).toBe(false);
    expect(await auditCount("apikey.registered_operations_only_set")).toBe(before + 1);
  });
});
