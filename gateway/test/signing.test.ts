import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import type { Fetcher, FetcherRequestInit } from "@apollo/utils.fetcher";
import { DEV_SIGNING_SECRET, SIGNATURE_HEADER, verifyRequestSignature } from "@floorgraph/auth";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { loadGatewayConfig, UsageError } from "../src/config.ts";
import { ForwardingDataSource } from "../src/remote-source.ts";

const SECRET = "gateway-signing-test-secret-0123456789ab";

describe("the gateway signs what it sends to subgraphs", () => {
  it("signs the exact body bytes a subgraph fetch sends, with the forwarded headers alongside", async () => {
    const sent: FetcherRequestInit[] = [];
    const fetcher = (async (_url: string, init?: FetcherRequestInit) => {
      sent.push(init as FetcherRequestInit);
      return new Response(JSON.stringify({ data: { ok: true } }), { headers: { "content-type": "application/json" } });
    }) as unknown as Fetcher;
    const source = new ForwardingDataSource("orders", SECRET, { url: "http://orders.invalid/graphql", fetcher });
    const query = "query($id: ID!) { order(id: $id) { id } }";
    const result = await source.process({
      kind: "health check",
      request: { query, variables: { id: "ü-1" }, http: { method: "POST", url: "http://orders.invalid/graphql", headers: new Headers() as never } },
      context: { forwarded: { authorization: "Bearer t", "x-request-id": "r1" } },
      document: parse(query),
    } as never);
    expect(result.data).toEqual({ ok: true });
    const [init] = sent;
    expect(typeof init?.body).toBe("string");
    expect(init?.headers).toMatchObject({ authorization: "Bearer t", "x-request-id": "r1" });
    expect(verifyRequestSignature(init?.headers?.[SIGNATURE_HEADER], init?.body as string, [SECRET])).toBe(true);
    expect(verifyRequestSignature(init?.headers?.[SIGNATURE_HEADER], `${init?.body as string} `, [SECRET])).toBe(false);
  });
});

describe("gateway configuration", () => {
  const argv = ["--supergraph", SUPERGRAPH_PATH];
  it("signs with the first of SUBGRAPH_SIGNING_SECRETS, the development secret when unset, and requires them in production", () => {
    expect(loadGatewayConfig(argv, {})).toMatchObject({ subgraphSigningSecret: DEV_SIGNING_SECRET, usingDevSigningSecret: true });
    expect(loadGatewayConfig(argv, { SUBGRAPH_SIGNING_SECRETS: `${"n".repeat(32)},${"o".repeat(32)}` })).toMatchObject({ subgraphSigningSecret: "n".repeat(32), usingDevSigningSecret: false });
    expect(() => loadGatewayConfig(argv, { NODE_ENV: "production" })).toThrow(UsageError);
    expect(() => loadGatewayConfig(argv, { NODE_ENV: "production" })).toThrow(/SUBGRAPH_SIGNING_SECRETS: is required/);
    expect(() => loadGatewayConfig(argv, { SUBGRAPH_SIGNING_SECRETS: "short" })).toThrow(/SUBGRAPH_SIGNING_SECRETS/);
  });

  it("refuses in production the change-me secrets docker-compose.yml defaults to, and the development signing secret", () => {
    const production = { NODE_ENV: "production", SUBGRAPH_SIGNING_SECRETS: "n".repeat(32), JWT_SECRET: "j".repeat(32) };
    expect(loadGatewayConfig(argv, production)).toMatchObject({ subgraphSigningSecret: "n".repeat(32) });
    expect(() => loadGatewayConfig(argv, { ...production, JWT_SECRET: "local-compose-secret-change-me-0123456789" })).toThrow(/JWT_SECRET: a published placeholder/);
    expect(() => loadGatewayConfig(argv, { ...production, SUBGRAPH_SIGNING_SECRETS: "local-compose-signing-secret-change-me-0123456789" })).toThrow(/SUBGRAPH_SIGNING_SECRETS: a published placeholder/);
    expect(() => loadGatewayConfig(argv, { ...production, SUBGRAPH_SIGNING_SECRETS: DEV_SIGNING_SECRET })).toThrow(UsageError);
    expect(loadGatewayConfig(argv, { SUBGRAPH_SIGNING_SECRETS: "local-compose-signing-secret-change-me-0123456789" })).toMatchObject({ usingDevSigningSecret: false });
  });

  it("shares the subgraphs' operation limits; cost is demand control's budgets per principal kind", () => {
    const config = loadGatewayConfig(argv, { MAX_DEPTH: "9", COST_BUDGET_USER: "7000" });
    expect(config.limits).toEqual({ maxDepth: 9, maxAliases: 30, maxTokens: 10_000, maxDirectives: 50 });
    expect(config.costBudgets).toMatchObject({ user: 7000 });
  });
});
