import { describe, expect, it } from "vitest";
import { ConfigError } from "@floorgraph/config";
import { DEV_SIGNING_SECRET } from "@floorgraph/auth";
import { loadServiceConfig } from "./service-config.ts";

describe("subgraph configuration", () => {
  it("runs on embedded PGlite with development defaults when nothing is set", () => {
    const config = loadServiceConfig("orders", {});
    expect(config.port).toBe(4002);
    expect(config.database).toEqual({ pgliteDir: expect.stringMatching(/\.data\/pglite\/orders$/) });
    expect(config.usingDevSecret).toBe(true);
    expect(config.seedDemoData).toBe(true);
    expect(config.peers.inventory).toBe("http://127.0.0.1:4003/graphql");
  });

  it("uses PostgreSQL and peer URLs from the environment", () => {
    const config = loadServiceConfig("orders", {
      DATABASE_URL: "postgres://u:p@db:5432/floorgraph_orders",
      SUBGRAPH_INVENTORY_URL: "http://inventory:4003/graphql",
      PORT: "0",
    });
    expect(config.database).toEqual({ url: "postgres://u:p@db:5432/floorgraph_orders" });
    expect(config.peers.inventory).toBe("http://inventory:4003/graphql");
    expect(config.port).toBe(0);
  });

  it("refuses to run in production without a JWT secret or with demo seeding asked for, and never seeds demo accounts there", () => {
    expect(() => loadServiceConfig("users", { NODE_ENV: "production" })).toThrow(ConfigError);
    const secrets = { NODE_ENV: "production", JWT_SECRET: "x".repeat(32), SUBGRAPH_SIGNING_SECRETS: "s".repeat(32) };
    expect(() => loadServiceConfig("users", { ...secrets, SEED_DEMO_DATA: "true" })).toThrow(/SEED_DEMO_DATA: demo data/);
    expect(loadServiceConfig("users", secrets).seedDemoData).toBe(false);
    expect(loadServiceConfig("users", { ...secrets, SEED_DEMO_DATA: "false" }).seedDemoData).toBe(false);
    expect(loadServiceConfig("users", { SEED_DEMO_DATA: "true" }).seedDemoData).toBe(true);
  });

  it("refuses in production the placeholder secrets docker-compose.yml defaults to (change-me) and the development ones", () => {
    const own = { NODE_ENV: "production", JWT_SECRET: "x".repeat(32), SUBGRAPH_SIGNING_SECRETS: "s".repeat(32) };
    expect(loadServiceConfig("users", own).jwt.secret).toBe("x".repeat(32));
    expect(() => loadServiceConfig("users", { ...own, JWT_SECRET: "local-compose-secret-change-me-0123456789" })).toThrow(/JWT_SECRET: is a published placeholder/);
    expect(() => loadServiceConfig("users", { ...own, SUBGRAPH_SIGNING_SECRETS: `${"s".repeat(32)},${DEV_SIGNING_SECRET}` })).toThrow(/SUBGRAPH_SIGNING_SECRETS: holds a published placeholder/);
    // Outside production the compose defaults are fine (a local trial).
    expect(loadServiceConfig("users", { JWT_SECRET: "local-compose-secret-change-me-0123456789" }).jwt.secret).toContain("change-me");
  });

  it("requires its own signing secrets in production, and takes a list for rotation", () => {
    expect(() => loadServiceConfig("users", { NODE_ENV: "production", JWT_SECRET: "x".repeat(32) })).toThrow(/SUBGRAPH_SIGNING_SECRETS: is required/);
    const dev = loadServiceConfig("users", {});
    expect(dev.protection.signingSecrets).toEqual([DEV_SIGNING_SECRET]);
    expect(dev.usingDevSigningSecret).toBe(true);
    const rotating = loadServiceConfig("users", { SUBGRAPH_SIGNING_SECRETS: ` ${"n".repeat(32)} , ${"o".repeat(32)} ` });
    expect(rotating.protection.signingSecrets).toEqual(["n".repeat(32), "o".repeat(32)]);
    expect(rotating.usingDevSigningSecret).toBe(false);
    expect(() => loadServiceConfig("users", { SUBGRAPH_SIGNING_SECRETS: `${"n".repeat(32)},short` })).toThrow(/SUBGRAPH_SIGNING_SECRETS/);
  });

  it("applies the gateway's operation limits by default, each configurable", () => {
    const config = loadServiceConfig("orders", { MAX_DEPTH: "8", MAX_BODY_BYTES: "1000" });
    expect(config.protection.limits).toEqual({ maxDepth: 8, maxAliases: 30, maxTokens: 10_000, maxDirectives: 50 });
    expect(config.protection.maxBodyBytes).toBe(1000);
    expect(loadServiceConfig("orders", {}).protection).toMatchObject({ maxBodyBytes: 2 * 1024 * 1024, sockets: { maxSubscriptionsPerSocket: 500 } });
    expect(() => loadServiceConfig("orders", { MAX_DEPTH: "0" })).toThrow(/MAX_DEPTH/);
  });

  it("refuses a short secret and a malformed URL", () => {
    expect(() => loadServiceConfig("users", { JWT_SECRET: "short" })).toThrow(/JWT_SECRET/);
    expect(() => loadServiceConfig("users", { DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
  });
});
