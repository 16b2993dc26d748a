import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { errorCodes, PROTECTED, probeSubgraphProtection, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { createHash } from "node:crypto";
import { signToken } from "@floorgraph/auth";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { usersService } from "../src/server.ts";

let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(usersService, { seed: true });
});
afterAll(() => subgraph?.stop());

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token expiresAt user { id email role } } }`;

describe("login", () => {
  it("logs in every demo role and returns a token that works", async () => {
    for (const role of ["admin", "supervisor", "operator", "picker", "partner", "viewer"]) {
      const res = await signedGql(subgraph.url, LOGIN, { email: `${role}@floorgraph.dev`, password: DEMO_PASSWORD });
      expect(res.errors).toBeUndefined();
      expect(res.data?.login.user.role).toBe(role.toUpperCase());
      const me = await signedGql(subgraph.url, `{ me { email role } }`, {}, res.data?.login.token);
      expect(me.data?.me).toEqual({ email: `${role}@floorgraph.dev`, role: role.toUpperCase() });
    }
  });

  it("accepts the email in any case", async () => {
    const res = await signedGql(subgraph.url, LOGIN, { email: " Admin@FloorGraph.dev ", password: DEMO_PASSWORD });
    expect(res.data?.login.user.email).toBe("admin@floorgraph.dev");
  });

  it("refuses a wrong password and an unknown email alike, and stores no hash in the answer", async () => {
    const wrong = await signedGql(subgraph.url, LOGIN, { email: "admin@floorgraph.dev", password: "nope-nope-nope" });
    const unknown = await signedGql(subgraph.url, LOGIN, { email: "ghost@floorgraph.dev", password: DEMO_PASSWORD });
    expect(errorCodes(wrong)).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(unknown)).toEqual(["UNAUTHENTICATED"]);
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(JSON.stringify(wrong)).not.toMatch(/scrypt|stack|prisma/i);
  });

  it("stores passwords only as scrypt hashes", async () => {
    const user = await subgraph.prisma.user.findUniqueOrThrow({ where: { email: "admin@floorgraph.dev" } });
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain(DEMO_PASSWORD);
  });
});

describe("tokens", () => {
  it("requires a token for everything but login", async () => {
    expect(errorCodes(await signedGql(subgraph.url, `{ me { id } }`))).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses an expired token", async () => {
    const expired = await tokenFor("ADMIN", {}, -10);
    const res = await signedGql(subgraph.url, `{ me { id } }`, {}, expired);
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(res.errors?.[0]?.message).toMatch(/expired/);
  });

  it("refuses a tampered token and one signed with another secret", async () => {
    const token = await tokenFor("VIEWER");
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: "ADMIN" })).toString("base64url")}.${signature}`;
    expect(errorCodes(await signedGql(subgraph.url, `{ me { id } }`, {}, forged))).toEqual(["UNAUTHENTICATED"]);
    const { token: foreign } = await signToken({ userId: claims.sub, email: claims.email, role: "ADMIN", partnerId: null, scopes: [], kind: "user" }, { secret: "another-secret-that-is-long-enough-xx" });
    expect(errorCodes(await signedGql(subgraph.url, `{ me { id } }`, {}, foreign))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(subgraph.url, `{ me { id } }`, {}, "not-a-jwt"))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("accounts", () => {
  const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role } }`;

  it("lets an ADMIN create a user who can then log in", async () => {
    const admin = await tokenFor("ADMIN");
    const res = await signedGql(subgraph.url, CREATE, { input: { email: "New.Picker@floorgraph.dev", name: "New Picker", role: "PICKER", password: "correct horse battery" } }, admin);
    expect(res.data?.createUser).toMatchObject({ email: "new.picker@floorgraph.dev", role: "PICKER" });
    const login = await signedGql(subgraph.url, LOGIN, { email: "new.picker@floorgraph.dev", password: "correct horse battery" });
    expect(login.data?.login.user.id).toBe(res.data?.createUser.id);
  });

  it("refuses a duplicate email with CONFLICT and writes nothing", async () => {
    const admin = await tokenFor("ADMIN");
    const before = await subgraph.prisma.user.count();
    const audits = await subgraph.prisma.auditEntry.count();
    const res = await signedGql(subgraph.url, CREATE, { input: { email: "OPERATOR@floorgraph.dev", name: "Dup", role: "OPERATOR", password: "long enough password" } }, admin);
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors?.[0]?.message).toContain("operator@floorgraph.dev");
    expect(await subgraph.prisma.user.count()).toBe(before);
    expect(await subgraph.prisma.auditEntry.count()).toBe(audits);
  });

  it("validates input with BAD_USER_INPUT", async () => {
    const admin = await tokenFor("ADMIN");
    const cases = [
      { email: "not-an-email", name: "X", role: "VIEWER", password: "long enough password" },
      { email: "short@floorgraph.dev", name: "X", role: "VIEWER", password: "short" },
      { email: "partnerless@floorgraph.dev", name: "X", role: "PARTNER", password: "long enough password" },
      { email: "badid@floorgraph.dev", name: "X", role: "PARTNER", password: "long enough password", partnerId: "123" },
    ];
    for (const input of cases) expect(errorCodes(await signedGql(subgraph.url, CREATE, { input }, admin))).toEqual(["BAD_USER_INPUT"]);
  });

  it("forbids non-admins from creating users", async () => {
    for (const role of ["SUPERVISOR", "OPERATOR", "VIEWER", "PARTNER"] as const) {
      const res = await signedGql(subgraph.url, CREATE, { input: { email: `x-${role}@floorgraph.dev`, name: "X", role: "VIEWER", password: "long enough password" } }, await tokenFor(role));
      expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    }
  });

  it("shows a partner only its own organisation's users", async () => {
    const partner = await tokenFor("PARTNER");
    const staffId = (await subgraph.prisma.user.findUniqueOrThrow({ where: { email: "admin@floorgraph.dev" } })).id;
    const res = await signedGql(subgraph.url, `query($id: ID!) { user(id: $id) { id } partners { code } }`, { id: staffId }, partner);
    expect(res.data?.user).toBeNull();
    expect(res.data?.partners).toEqual([{ code: "ACME" }]);
  });

  it("treats a malformed id as BAD_USER_INPUT", async () => {
    const res = await signedGql(subgraph.url, `{ user(id: "42; drop table") { id } }`, {}, await tokenFor("ADMIN"));
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("partner API keys", () => {
  it("creates a key shown once, exchanges it for a scoped token, and refuses it once revoked", async () => {
    const admin = await tokenFor("ADMIN");
    const acme = await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } });
    const created = await signedGql(
      subgraph.url,
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix scopes } } }`,
      { input: { partnerId: acme.id, name: "ERP", scopes: ["orders:read", "orders:write"] } },
      admin,
    );
    const { secret, apiKey } = created.data?.createApiKey ?? {};
    expect(secret).toMatch(/^fgk_[0-9a-f]{8}_/);
    const stored = await subgraph.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(secret);

    const exchange = `mutation($key: String!) { authenticateApiKey(key: $key) { token user { email role } } }`;
    const ok = await signedGql(subgraph.url, exchange, { key: secret });
    expect(ok.data?.authenticateApiKey.user.role).toBe("PARTNER");
    const claims = JSON.parse(Buffer.from(ok.data?.authenticateApiKey.token.split(".")[1], "base64url").toString());
    expect(claims.scp).toEqual(["orders:read", "orders:write"]);
    expect(claims.knd).toBe("api-key");

    expect(errorCodes(await signedGql(subgraph.url, exchange, { key: `${secret.slice(0, -1)}x` }))).toEqual(["UNAUTHENTICATED"]);
    await signedGql(subgraph.url, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, admin);
    const revoked = await signedGql(subgraph.url, exchange, { key: secret });
    expect(errorCodes(revoked)).toEqual(["UNAUTHENTICATED"]);
    expect(revoked.errors?.[0]?.message).toMatch(/revoked/);
  });

  it("refuses unknown scopes", async () => {
    const acme = await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } });
    const res = await signedGql(subgraph.url, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, { input: { partnerId: acme.id, name: "x", scopes: ["root"] } }, await tokenFor("ADMIN"));
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("federation", () => {
  it("resolves User references in one batch and hides what the caller may not see", async () => {
    const ids = (await subgraph.prisma.user.findMany({ take: 3, orderBy: { email: "asc" } })).map((u) => u.id);
    const res = await signedGql(
      subgraph.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id email } } }`,
      { reps: ids.map((id) => ({ __typename: "User", id })) },
      await tokenFor("OPERATOR"),
    );
    expect(res.data?._entities.map((u: { id: string }) => u.id)).toEqual(ids);
  });

  it("answers /health", async () => {
    const res = await fetch(subgraph.url.replace("/graphql", "/health"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", service: "users", checks: { database: { status: "up" } } });
  });
});

describe("login hardening", () => {
  it("refuses users of a disabled partner", async () => {
    await subgraph.prisma.partner.update({ where: { code: "GREENLEAF" }, data: { active: false } });
    const res = await signedGql(subgraph.url, LOGIN, { email: "buyer@greenleaf.example", password: DEMO_PASSWORD });
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
    expect(res.errors?.[0]?.message).toMatch(/partner account is disabled/);
  });

  it("lists a partner's API keys to its own people and ADMIN, never to an API key", async () => {
    const acme = await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } });
    const query = `query($id: ID!) { partner(id: $id) { apiKeys { prefix } } }`;
    const own = await signedGql(subgraph.url, query, { id: acme.id }, await tokenFor("PARTNER"));
    expect(own.errors).toBeUndefined();
    expect(Array.isArray(own.data?.partner.apiKeys)).toBe(true);
    const key = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    expect(errorCodes(await signedGql(subgraph.url, query, { id: acme.id }, key))).toEqual(["FORBIDDEN"]);
  });
});

describe("as if the gateway were not there", () => {
  it("answers only signed requests (401 JSON otherwise, introspection and _service included) and keeps /health open", async () => {
    expect(await probeSubgraphProtection(subgraph.url)).toEqual(PROTECTED);
  });
});
