import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import { openDatabase, type Database } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import { createServiceMetrics } from "@floorgraph/metrics";
import { scrape, total } from "@floorgraph/metrics/testing";
import { DEFAULT_SUBGRAPH_PROTECTION } from "./protection.ts";
import { createSubgraphServer, type RunningServer, type SubgraphServer } from "./subgraph-server.ts";

// A subgraph's probes over a real (embedded) database that goes away and comes back.
const SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { ping: String }`;
const SIGNING_SECRET = "readiness-signing-secret-0123456789";
let database: Database;
let built: SubgraphServer;
let server: RunningServer;
const origin = () => new URL(server.url).origin;
/** As the gateway sends it: signed with the shared secret. */
const signed = async (query: string) => {
  const body = JSON.stringify({ query });
  const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signRequestBody(body, SIGNING_SECRET) }, body });
  return (await response.json()) as { data?: unknown };
};
const probe = async (path: string) => {
  const response = await fetch(`${origin()}${path}`);
  return { status: response.status, body: (await response.json()) as { status: string; checks?: Record<string, { status: string; error?: string }> } };
};

beforeAll(async () => {
  database = await openDatabase({ pgliteDir: "memory://" });
  built = await createSubgraphServer({
    name: "probes",
    typeDefs: parse(SDL),
    resolvers: { Query: { ping: () => "pong" } },
    logger: createLogger("readiness-test", "silent"),
    jwt: { secret: "readiness-test-secret-0123456789abcdef" },
    protection: { ...DEFAULT_SUBGRAPH_PROTECTION, signingSecrets: [SIGNING_SECRET] },
    extendContext: (base) => base,
    // The server asks whichever database the service has now (a reconnect gives a new one).
    db: { query: (sql, params) => database.query(sql, params) },
  });
  server = await built.listen(0);
});
afterAll(async () => {
  await server?.stop();
  await database?.close();
});

describe("subgraph probes", () => {
  it("ready (200, database up) while the database answers; 503 naming it while it does not; 200 once it is back; live throughout", async () => {
    expect(await probe("/health/ready")).toEqual({ status: 200, body: { status: "ok", service: "probes", checks: { database: { status: "up" } } } });
    await database.close();
    const down = await probe("/health/ready");
    expect(down.status).toBe(503);
    expect(down.body.checks?.database?.status).toBe("down");
    expect((await probe("/health")).status).toBe(503);
    expect(await probe("/health/live")).toEqual({ status: 200, body: { status: "ok", service: "probes" } });
    database = await openDatabase({ pgliteDir: "memory://" });
    expect((await probe("/health/ready")).status).toBe(200);
  });

  it("checks added after the build (boot's bus) are part of readiness", async () => {
    let busUp = false;
    built.readiness.add("bus", () => {
      if (!busUp) throw new Error("broker unreachable");
    });
    expect((await probe("/health/ready")).body.checks?.bus).toEqual({ status: "down", error: "broker unreachable" });
    busUp = true;
    expect((await probe("/health/ready")).status).toBe(200);
  });

  it("serves /metrics once given the service's metrics (404 before), which count its operations by name, type and code", async () => {
    expect((await fetch(`${origin()}/metrics`)).status).toBe(404);
    built.useMetrics(createServiceMetrics("probes"));
    for (let i = 0; i < 2; i++) expect((await signed("query Ping { ping }")).data).toEqual({ ping: "pong" });
    await signed("query Wrong { nope }");
    const m = await scrape(`${origin()}/metrics`);
    expect(total(m, "graphql_requests_total", { service: "probes", operation_name: "Ping", operation_type: "query", code: "OK" })).toBe(2);
    expect(total(m, "graphql_request_duration_seconds", { service: "probes", operation_name: "Ping" })).toBe(2);
    expect(total(m, "graphql_requests_total", { service: "probes", operation_name: "Wrong", operation_type: "query", code: "GRAPHQL_VALIDATION_FAILED" })).toBe(1);
  });
});
