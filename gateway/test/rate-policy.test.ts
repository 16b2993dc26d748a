import { describe, expect, it } from "vitest";
import type { Identity } from "@floorgraph/auth";
import { DEFAULT_RATE_LIMITS, policyFor, principalOf, rateLimitsEnv } from "../src/access/policy.ts";

// RATE_LIMITS as an operator writes it, and whose budget a caller spends.
const who = (extra: Partial<Identity>): Identity => ({ userId: "u1", email: "u@example.test", role: "VIEWER", partnerId: null, scopes: [], kind: "user", ...extra });

describe("RATE_LIMITS", () => {
  it("defaults when unset or blank, turns limits off with 'off', and overrides per role from JSON", () => {
    expect(rateLimitsEnv.parse(undefined)).toEqual(DEFAULT_RATE_LIMITS);
    expect(rateLimitsEnv.parse("  ")).toEqual(DEFAULT_RATE_LIMITS);
    expect(rateLimitsEnv.parse("OFF")).toBeNull();
    const parsed = rateLimitsEnv.parse('{"PARTNER":{"requests":100,"cost":50000}}');
    expect(parsed?.PARTNER).toEqual({ requests: 100, cost: 50000, windowSeconds: 60 });
    expect(parsed?.ADMIN).toEqual(DEFAULT_RATE_LIMITS.ADMIN);
  });

  it("refuses JSON that is not JSON, an unknown role, and a budget out of range, saying where", () => {
    const issues = (value: string) => {
      const result = rateLimitsEnv.safeParse(value);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(issues("{requests:1}")).toEqual([expect.stringMatching(/must be "off" or JSON/)]);
    expect(issues('{"INTERN":{"requests":1,"cost":1}}').join()).toMatch(/INTERN/);
    expect(issues('{"PARTNER":{"requests":0,"cost":1}}').join()).toMatch(/PARTNER\.requests/);
  });
});

describe("whose budget", () => {
  it("takes a partner's override from its token, else its role's, else the anonymous policy", () => {
    expect(policyFor(null, DEFAULT_RATE_LIMITS)).toBe(DEFAULT_RATE_LIMITS.anonymous);
    expect(policyFor(who({ role: "PARTNER", partnerId: "p" }), DEFAULT_RATE_LIMITS)).toBe(DEFAULT_RATE_LIMITS.PARTNER);
    expect(policyFor(who({ role: "PARTNER", partnerId: "p", rateLimit: { requestsPerMinute: 7, costPerMinute: 70 } }), DEFAULT_RATE_LIMITS)).toEqual({ requests: 7, cost: 70, windowSeconds: 60 });
  });

  it("counts an API key as itself, a user as the user, and an anonymous caller by address", () => {
    expect(principalOf(who({ kind: "api-key", apiKeyId: "k9" }), "1.2.3.4")).toBe("key:k9");
    expect(principalOf(who({}), "1.2.3.4")).toBe("user:u1");
    expect(principalOf(null, "1.2.3.4")).toBe("ip:1.2.3.4");
    expect(principalOf(null, undefined)).toBe("ip:unknown");
  });
});
