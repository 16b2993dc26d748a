import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { CLIENT_ADDRESS_HEADER, verifyToken } from "@floorgraph/auth";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { errorCodes, signedGql, startTestSubgraph, TEST_JWT, type TestSubgraph, tokenFor } from "@floorgraph/testing";
import { DEFAULT_USERS_SETTINGS } from "../src/config.ts";
import { createUsersService } from "../src/server.ts";
import { INVALID_LOGIN } from "../src/services/auth.ts";

// Low thresholds, so a handful of guesses reaches them.
const throttle = { ...DEFAULT_USERS_SETTINGS.loginThrottle, freeFailures: 3, addressFreeFailures: 6 };
let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(createUsersService({ ...DEFAULT_USERS_SETTINGS, loginThrottle: throttle }), { seed: true });
});
afterAll(() => subgraph?.stop());

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token refreshToken expiresAt user { id role } } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { token refreshToken expiresAt } }`;
const ME = `{ me { email } }`;
const from = (address: string) => ({ [CLIENT_ADDRESS_HEADER]: address });
const login = (email: string, password: string, address = "10.0.0.1") => signedGql(subgraph.url, LOGIN, { email, password }, undefined, from(address));
const refresh = (refreshToken: string) => signedGql(subgraph.url, REFRESH, { refreshToken });
const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const auditCount = (action: string) => subgraph.prisma.auditEntry.count({ where: { action } });
const outboxCount = () => subgraph.prisma.outboxEvent.count({ where: { topic: "audit.events" } });

describe("sessions", () => {
  it("logs in with a 15-minute access token bound to a session and a refresh token stored only as its hash", async () => {
    const res = await login("supervisor@floorgraph.dev", DEMO_PASSWORD);
    expect(res.errors).toBeUndefined();
    const { token, refreshToken, expiresAt } = res.data?.login;
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    const identity = await verifyToken(token, TEST_JWT);
    const session = await subgraph.prisma.session.findUniqueOrThrow({ where: { id: identity.sessionId as string }, include: { refreshTokens: true } });
    expect(session).toMatchObject({ userId: res.data?.login.user.id, clientAddress: "10.0.0.1", revokedAt: null });
    expect(session.refreshTokens.map((t) => t.tokenHash)).toEqual([sha256(refreshToken)]);
    expect(JSON.stringify(session)).not.toContain(refreshToken);
  });

  it("rotates: a refresh spends the token, issues the next one in the same session, and the new access token works", async () => {
    const first = (await login("picker@floorgraph.dev", DEMO_PASSWORD)).data?.login;
    const next = await refresh(first.refreshToken);
    expect(next.errors).toBeUndefined();
    const rotated = next.data?.refreshToken;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect((await verifyToken(rotated.token, TEST_JWT)).sessionId).toBe((await verifyToken(first.token, TEST_JWT)).sessionId);
    expect((await signedGql(subgraph.url, ME, {}, rotated.token)).data?.me.email).toBe("picker@floorgraph.dev");
    const spent = await subgraph.prisma.refreshToken.findUniqueOrThrow({ where: { tokenHash: sha256(first.refreshToken) } });
    expect(spent.usedAt).not.toBeNull();
    // The idle expiry (7 days) comes before the session's absolute one (30 days).
    expect(spent.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
  });

  it("ends the whole session when a spent refresh token comes back, its access tokens too", async () => {
    const first = (await login("viewer@floorgraph.dev", DEMO_PASSWORD)).data?.login;
    const second = (await refresh(first.refreshToken)).data?.refreshToken;
    const [audits, events] = [await auditCount("session.refresh_reused"), await outboxCount()];
    const replay = await refresh(first.refreshToken);
    expect(errorCodes(replay)).toEqual(["UNAUTHENTICATED"]);
    const sid = (await verifyToken(first.token, { secret: TEST_JWT.secret })).sessionId as string;
    expect(await subgraph.prisma.session.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedReason: "reuse" });
    expect(errorCodes(await refresh(second.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(subgraph.url, ME, {}, second.token))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(subgraph.url, ME, {}, first.token))).toEqual(["UNAUTHENTICATED"]);
    expect(await auditCount("session.refresh_reused")).toBe(audits + 1);
    expect(await outboxCount()).toBeGreaterThan(events);
  });

  it("refuses an unknown, malformed or expired refresh token", async () => {
    expect(errorCodes(await refresh("fgr_nothing-like-it"))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await refresh("not a token"))).toEqual(["UNAUTHENTICATED"]);
    const { refreshToken } = (await login("operator@floorgraph.dev", DEMO_PASSWORD, "10.0.9.9")).data?.login;
    await subgraph.prisma.refreshToken.update({ where: { tokenHash: sha256(refreshToken) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(errorCodes(await refresh(refreshToken))).toEqual(["UNAUTHENTICATED"]);
  });

  it("logs out: the session's access and refresh tokens stop working", async () => {
    const session = (await login("admin@floorgraph.dev", DEMO_PASSWORD)).data?.login;
    const out = await signedGql(subgraph.url, `mutation { logout }`, {}, session.token);
    expect(out.data?.logout).toBe(true);
    expect(errorCodes(await signedGql(subgraph.url, ME, {}, session.token))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await refresh(session.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(subgraph.url, `mutation { logout }`))).toEqual(["UNAUTHENTICATED"]);
  });

  it("ends every session and token of a user who is disabled", async () => {
    const admin = await tokenFor("ADMIN");
    const created = await signedGql(subgraph.url, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email: "leaver@floorgraph.dev", name: "Leaver", role: "VIEWER", password: "a long enough password" } }, admin);
    const session = (await login("leaver@floorgraph.dev", "a long enough password")).data?.login;
    await signedGql(subgraph.url, `mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }`, { id: created.data?.createUser.id }, admin);
    expect(errorCodes(await signedGql(subgraph.url, ME, {}, session.token))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await refresh(session.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    expect(await subgraph.prisma.session.count({ where: { userId: created.data?.createUser.id, revokedAt: null } })).toBe(0);
  });

  it("ends every session when the password changes; the new password opens a new one", async () => {
    const admin = await tokenFor("ADMIN");
    await signedGql(subgraph.url, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input: { email: "changer@floorgraph.dev", name: "Changer", role: "VIEWER", password: "the first password" } }, admin);
    const [a, b] = [(await login("changer@floorgraph.dev", "the first password")).data?.login, (await login("changer@floorgraph.dev", "the first password")).data?.login];
    const changed = await signedGql(subgraph.url, `mutation { changePassword(currentPassword: "the first password", newPassword: "the second password") { id } }`, {}, a.token);
    expect(changed.errors).toBeUndefined();
    for (const s of [a, b]) {
      expect(errorCodes(await signedGql(subgraph.url, ME, {}, s.token))).toEqual(["UNAUTHENTICATED"]);
      expect(errorCodes(await refresh(s.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    }
    const again = await login("changer@floorgraph.dev", "the second password");
    expect((await signedGql(subgraph.url, ME, {}, again.data?.login.token)).data?.me.email).toBe("changer@floorgraph.dev");
  });
});

describe("API keys", () => {
  it("issues 15-minute tokens that carry the key, audits their use, and revocation ends them", async () => {
    const admin = await tokenFor("ADMIN");
    const acme = await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } });
    const created = await signedGql(subgraph.url, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`, { input: { partnerId: acme.id, name: "erp", scopes: ["orders:read"] } }, admin);
    const { apiKey, secret } = created.data?.createApiKey;
    const used = await auditCount("apikey.used");
    const res = await signedGql(subgraph.url, `mutation($key: String!) { authenticateApiKey(key: $key) { token refreshToken expiresAt } }`, { key: secret }, undefined, from("10.1.1.1"));
    const { token, refreshToken, expiresAt } = res.data?.authenticateApiKey;
    expect(refreshToken).toBeNull();
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
    expect(await verifyToken(token, TEST_JWT)).toMatchObject({ kind: "api-key", apiKeyId: apiKey.id });
    expect(await auditCount("apikey.used")).toBe(used + 1);
    expect((await signedGql(subgraph.url, ME, {}, token)).errors).toBeUndefined();
    await signedGql(subgraph.url, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin);
    expect(errorCodes(await signedGql(subgraph.url, ME, {}, token))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("login throttling", () => {
  const wrong = (email: string, address: string, i = 0) => login(email, `wrong-password-${i}`, address);

  it("slows one address on one account without locking the account for anyone else", async () => {
    const [failed, throttled] = [await auditCount("login.failed"), await auditCount("login.throttled")];
    for (let i = 0; i < throttle.freeFailures; i++) expect(errorCodes(await wrong("operator@floorgraph.dev", "10.2.0.1", i))).toEqual(["UNAUTHENTICATED"]);
    const blocked = await login("operator@floorgraph.dev", DEMO_PASSWORD, "10.2.0.1");
    expect(errorCodes(blocked)).toEqual(["UNAUTHENTICATED"]);
    expect(blocked.errors?.[0]?.message).toBe(INVALID_LOGIN);
    // The owner, elsewhere, is not affected.
    const owner = await login("operator@floorgraph.dev", DEMO_PASSWORD, "10.2.0.2");
    expect(owner.errors).toBeUndefined();
    expect(await auditCount("login.failed")).toBe(failed + throttle.freeFailures);
    expect(await auditCount("login.throttled")).toBe(throttled + 1);
    const row = await subgraph.prisma.auditEntry.findFirstOrThrow({ where: { action: "login.throttled" }, orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ actorId: null, subjectId: "operator@floorgraph.dev", detail: { clientAddress: "10.2.0.1", scope: "account-address" } });
  });

  it("slows an address that tries many accounts, and not other addresses", async () => {
    for (let i = 0; i < throttle.addressFreeFailures; i++) await wrong(`nobody-${i}@floorgraph.dev`, "10.3.0.1", i);
    const sprayer = await login("picker@floorgraph.dev", DEMO_PASSWORD, "10.3.0.1");
    expect(errorCodes(sprayer)).toEqual(["UNAUTHENTICATED"]);
    expect((await login("picker@floorgraph.dev", DEMO_PASSWORD, "10.3.0.2")).errors).toBeUndefined();
  });

  it("answers an unknown email, a wrong password and a throttled caller alike (timings printed)", async () => {
    const timed = async (run: () => ReturnType<typeof login>) => {
      const started = performance.now();
      const res = await run();
      return { res, ms: Math.round(performance.now() - started) };
    };
    const unknown = await timed(() => login("ghost@floorgraph.dev", "whatever-it-is", "10.4.0.1"));
    const wrongPassword = await timed(() => login("viewer@floorgraph.dev", "whatever-it-is", "10.4.0.2"));
    for (let i = 0; i < throttle.freeFailures; i++) await wrong("viewer@floorgraph.dev", "10.4.0.3", i);
    const throttled = await timed(() => login("viewer@floorgraph.dev", DEMO_PASSWORD, "10.4.0.3"));
    const answers = [unknown, wrongPassword, throttled].map(({ res }) => ({ status: res.status, data: res.data, errors: res.errors }));
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[1]).toEqual(answers[2]);
    expect(answers[0]?.errors?.[0]).toMatchObject({ message: INVALID_LOGIN, extensions: { code: "UNAUTHENTICATED" } });
    console.info(`login answers: unknown ${unknown.ms} ms, wrong password ${wrongPassword.ms} ms, throttled ${throttled.ms} ms`);
  });
});
