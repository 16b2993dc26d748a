import { describe, expect, it } from "vitest";
import { bearerToken, requireRole, requireScope, RevocationList, signToken, verifyToken, type Identity, type Revocation } from "./index.ts";

const settings = { secret: "unit-test-secret-0123456789abcdefghij" };
const identity: Identity = { userId: "u1", email: "a@b.c", role: "OPERATOR", partnerId: null, scopes: [], kind: "user" };

describe("tokens", () => {
  it("round-trips an identity", async () => {
    const before = Date.now();
    const { token, expiresAt } = await signToken(identity, settings);
    expect(expiresAt.getTime() - before).toBeLessThanOrEqual(900_000);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    const verified = await verifyToken(token, settings);
    expect(verified).toEqual({ ...identity, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000), issuedAt: expect.any(Date) });
    // Issued to the millisecond, not rounded down to the second.
    expect(verified.issuedAt?.getTime()).toBeGreaterThanOrEqual(before);
  });

  it("carries the session and API key a token belongs to", async () => {
    const session = await verifyToken((await signToken({ ...identity, sessionId: "s1" }, settings)).token, settings);
    expect(session).toMatchObject({ sessionId: "s1" });
    expect(session.apiKeyId).toBeUndefined();
    const key = await verifyToken((await signToken({ ...identity, kind: "api-key", apiKeyId: "k1" }, settings)).token, settings);
    expect(key).toMatchObject({ kind: "api-key", apiKeyId: "k1" });
  });

  it("refuses expired, foreign and tampered tokens as UNAUTHENTICATED", async () => {
    const expired = (await signToken(identity, { ...settings, ttlSeconds: -1 })).token;
    await expect(verifyToken(expired, settings)).rejects.toMatchObject({ message: expect.stringMatching(/expired/), extensions: { code: "UNAUTHENTICATED" } });
    const foreign = (await signToken(identity, { secret: "another-secret-0123456789abcdefghijk" })).token;
    await expect(verifyToken(foreign, settings)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    const [h, p, s] = (await signToken(identity, settings)).token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p as string, "base64url").toString()), role: "ADMIN" })).toString("base64url");
    await expect(verifyToken(`${h}.${forged}.${s}`, settings)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("parses the Authorization header strictly", () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow(expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }));
  });
});

describe("guards", () => {
  it("requires a role, naming the ones allowed", () => {
    expect(requireRole({ identity }, ["OPERATOR", "ADMIN"])).toBe(identity);
    expect(() => requireRole({ identity }, ["ADMIN"], "create users")).toThrow(/OPERATOR may not create users/);
    expect(() => requireRole({ identity: null }, ["ADMIN"])).toThrow(expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }));
  });

  it("reports a bad token rather than treating the caller as anonymous", () => {
    const authError = new Error("Token has expired");
    expect(() => requireRole({ identity: null, authError }, ["ADMIN"])).toThrow(authError);
  });

  it("checks API-key scopes but not interactive users", () => {
    const key: Identity = { ...identity, role: "PARTNER", kind: "api-key", scopes: ["orders:read"] };
    expect(requireScope({ identity: key }, "orders:read")).toBe(key);
    expect(() => requireScope({ identity: key }, "orders:write")).toThrow(expect.objectContaining({ extensions: { code: "FORBIDDEN" } }));
    expect(requireScope({ identity }, "orders:write")).toBe(identity);
  });
});

describe("revocation list", () => {
  const issued = (ms: number): Identity => ({ ...identity, issuedAt: new Date(ms), sessionId: "s1" });

  it("ends a user's tokens issued before the revocation, not those issued after", async () => {
    const list = new RevocationList();
    const now = Date.now();
    await list.revoke("user", "u1", now);
    expect(list.isRevoked(issued(now - 1))).toBe(true);
    expect(list.isRevoked(issued(now + 1))).toBe(false);
    expect(list.isRevoked({ ...issued(now - 1), userId: "u2" })).toBe(false);
    await list.close();
  });

  it("ends every token of a session or an API key and tells listeners", async () => {
    const list = new RevocationList();
    const heard: Revocation[] = [];
    list.onRevoked((r) => heard.push(r));
    await list.revoke("session", "s1");
    expect(list.isRevoked(issued(Date.now() + 60_000))).toBe(true);
    expect(list.isRevoked({ ...issued(Date.now()), sessionId: "s2" })).toBe(false);
    const key: Identity = { ...identity, kind: "api-key", apiKeyId: "k1", issuedAt: new Date() };
    expect(list.isRevoked(key)).toBe(false);
    await list.revoke("api-key", "k1");
    expect(list.isRevoked(key)).toBe(true);
    expect(heard.map((r) => r.kind)).toEqual(["session", "api-key"]);
    await list.close();
  });

  it("forgets revocations older than a token can live", async () => {
    const list = new RevocationList(null, { retainMs: 1000 });
    await list.revoke("user", "u1", Date.now() - 5000);
    expect(list.size()).toBe(0);
    await list.close();
  });
});
