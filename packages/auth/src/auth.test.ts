import { describe, expect, it } from "vitest";
import { bearerToken, requireRole, requireScope, signToken, verifyToken, type Identity } from "./index.ts";

const settings = { secret: "unit-test-secret-0123456789abcdefghij" };
const identity: Identity = { userId: "u1", email: "a@b.c", role: "OPERATOR", partnerId: null, scopes: [], kind: "user" };

describe("tokens", () => {
  it("round-trips an identity", async () => {
    const { token, expiresAt } = await signToken(identity, settings);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await verifyToken(token, settings)).toEqual({ ...identity, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) });
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
