import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../src/config.ts";
import { configurationReference, withReference } from "../src/config-reference.ts";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const dataDir = () => mkdtempSync(join(tmpdir(), "floorgraph-config-"));

describe("the configuration reference", () => {
  it("is what README.md shows (run `npm run config:docs` after changing a variable)", () => {
    expect(withReference(readme)).toBe(readme);
  });

  it("lists every variable of every process once, with what reads it", () => {
    const table = configurationReference();
    const names = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ["KAFKA_BROKERS", "MAX_DEPTH", "COST_BUDGET_USER", "LOGIN_FREE_FAILURES", "WCS_FLOOR_ENDPOINT", "SIMULATOR_TICK_MS", "SUBGRAPH_<NAME>_URL"]) {
      expect(names).toContain(name);
    }
    expect(table).toMatch(/^\| `COST_BUDGET_USER` \| `npm start`, gateway \| `20000` \|/m);
    expect(table).toMatch(/^\| `MIGRATE_ON_START` \| subgraph \| `true` \|/m);
  });
});

describe("npm start's settings", () => {
  it("honours the gateway's own variables as a gateway process does", () => {
    const config = loadStackConfig({
      DATA_DIR: dataDir(),
      MAX_DEPTH: "7",
      COST_BUDGET_USER: "1234",
      OPERATION_TIMEOUT_MS: "2500",
      MAX_SOCKETS_PER_ADDRESS: "3",
      RATE_LIMITS: "off",
      TRUST_PROXY_HEADER: "X-Forwarded-For",
    });
    expect(config.gateway.limits.maxDepth).toBe(7);
    expect(config.gateway.costBudgets.user).toBe(1234);
    expect(config.gateway.budget.timeoutMs).toBe(2500);
    expect(config.gateway.sockets.maxSocketsPerAddress).toBe(3);
    expect(config.gateway.access.rateLimits).toBeNull();
    expect(config.gateway.trustProxyHeader).toBe("x-forwarded-for");
  });

  it("keeps generated development secrets across restarts, and refuses production without real ones", () => {
    const dir = dataDir();
    const first = loadStackConfig({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadStackConfig({ DATA_DIR: dir }).jwtSecret).toBe(first.jwtSecret);
    expect(loadStackConfig({ DATA_DIR: dir }).signingSecrets).toEqual(first.signingSecrets);
    expect(() => loadStackConfig({ DATA_DIR: dir, NODE_ENV: "production" })).toThrow(/JWT_SECRET/);
    expect(() => loadStackConfig({ DATA_DIR: dir, NODE_ENV: "production", JWT_SECRET: "j".repeat(32) })).toThrow(/SUBGRAPH_SIGNING_SECRETS/);
    const own = { DATA_DIR: dir, NODE_ENV: "production", JWT_SECRET: "j".repeat(32), SUBGRAPH_SIGNING_SECRETS: "s".repeat(32) };
    expect(loadStackConfig(own).seedDemoData).toBe(false);
    expect(() => loadStackConfig({ ...own, JWT_SECRET: "local-compose-secret-change-me-0123456789" })).toThrow(/secrets of your own/);
    expect(() => loadStackConfig({ ...own, SEED_DEMO_DATA: "true" })).toThrow(/SEED_DEMO_DATA/);
  });

  it("lists every bad value at once", () => {
    expect(() => loadStackConfig({ DATA_DIR: dataDir(), GATEWAY_PORT: "70000", KAFKA_PARTITIONS: "0", MAX_DEPTH: "-1" })).toThrow(
      /GATEWAY_PORT[\s\S]*MAX_DEPTH[\s\S]*KAFKA_PARTITIONS|GATEWAY_PORT[\s\S]*KAFKA_PARTITIONS[\s\S]*MAX_DEPTH/,
    );
  });
});
