import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@floorgraph/config";
import { discoverSubgraphs, urlEnvVar } from "@floorgraph/manifests";
import { DEFAULT_PORTS, loadServiceConfig } from "../src/service-config.ts";
import type { ServiceName } from "../src/boot.ts";

const manifests = discoverSubgraphs();

describe("a subgraph's configuration, from its manifest and the environment", () => {
  it("listens by default on its manifest's port, and knows every other subgraph at its manifest's port", () => {
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    for (const m of manifests) {
      const config = loadServiceConfig(m.name as ServiceName, {});
      expect(config.name).toBe(m.name);
      expect(config.port).toBe(m.port);
      expect(DEFAULT_PORTS[m.name as ServiceName]).toBe(m.port);
      expect(Object.keys(config.peers).sort()).toEqual(manifests.map((p) => p.name).sort());
      for (const peer of manifests) expect(config.peers[peer.name as ServiceName]).toBe(`http://127.0.0.1:${peer.port}/graphql`);
    }
  });

  it("takes each subgraph's URL from SUBGRAPH_<NAME>_URL, and refuses one that is not a URL", () => {
    const env = Object.fromEntries(manifests.map((m) => [urlEnvVar(m.name), `http://${m.name}.internal:8080/graphql`]));
    const config = loadServiceConfig("shipment", env);
    for (const m of manifests) expect(config.peers[m.name as ServiceName]).toBe(`http://${m.name}.internal:8080/graphql`);
    expect(() => loadServiceConfig("shipment", { SUBGRAPH_ORDERS_URL: "orders:4002" })).toThrow(ConfigError);
    expect(() => loadServiceConfig("shipment", { SUBGRAPH_ORDERS_URL: "not a url" })).toThrow(/SUBGRAPH_ORDERS_URL/);
  });

  it("refuses a service no manifest declares, naming those that exist", () => {
    expect(() => loadServiceConfig("billing" as ServiceName, {})).toThrow(/no subgraph named billing \(known: users, /);
  });

  it("keeps each service's embedded database in its own folder under DATA_DIR", () => {
    expect(loadServiceConfig("inventory", { DATA_DIR: "/srv/fg" }).database).toEqual({ pgliteDir: resolve("/srv/fg", "pglite", "inventory") });
    expect(loadServiceConfig("wcs", {}).database).toEqual({ pgliteDir: resolve(".data", "pglite", "wcs") });
  });

  it("reads the token lifetime within its bounds, the cost limit, the socket limits, migration and host", () => {
    const config = loadServiceConfig("orders", {
      ACCESS_TOKEN_TTL_SECONDS: "60",
      MAX_COST: "777",
      MAX_SOCKET_MESSAGE_BYTES: "2048",
      CONNECTION_INIT_TIMEOUT_MS: "1500",
      MAX_SUBSCRIPTIONS_PER_SOCKET: "7",
      MIGRATE_ON_START: "false",
      HOST: "0.0.0.0",
    });
    expect(config.jwt.ttlSeconds).toBe(60);
    expect(config.maxCost).toBe(777);
    expect(config.protection.sockets).toEqual({ maxPayloadBytes: 2048, connectionInitWaitMs: 1500, maxSubscriptionsPerSocket: 7 });
    expect(config.migrate).toBe(false);
    expect(config.host).toBe("0.0.0.0");
    expect(loadServiceConfig("orders", {}).migrate).toBe(true);
    for (const ttl of ["29", "901", "abc"]) expect(() => loadServiceConfig("orders", { ACCESS_TOKEN_TTL_SECONDS: ttl })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
    for (const bad of [{ MAX_COST: "0" }, { MAX_SUBSCRIPTIONS_PER_SOCKET: "-1" }, { PORT: "70000" }]) expect(() => loadServiceConfig("orders", bad)).toThrow(ConfigError);
  });

  it("uses its own JWT secret when given one, and says so", () => {
    const secret = "s".repeat(40);
    const config = loadServiceConfig("users", { JWT_SECRET: secret });
    expect(config.jwt.secret).toBe(secret);
    expect(config.usingDevSecret).toBe(false);
  });
});
