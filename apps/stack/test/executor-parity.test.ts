import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutor, type Executor } from "@floorgraph/gateway/execution";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { gql, TEST_SIGNING_SECRET, tokenFor } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";
import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";

// The gateway's own executor (gateway/src/execution, not yet serving) against the running gateway
// (@apollo/gateway) on the real supergraph and subgraphs: the same answers, fewer subgraph requests.
const QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  orders: {
    query: `query Orders { orders(first: 5) { id number status createdAt customer { email } lines { quantity sku { code name totalAvailable } } shipments { trackingNumber status carrier { name } } } }`,
  },
  sku: {
    query: `query Sku($code: String!) { sku(code: $code) { code name totalAvailable stock { quantity location { code zone { name } warehouse { code } } } } }`,
    variables: { code: "SKU-00001" },
  },
  delivered: { query: `{ orders(first: 100, status: DELIVERED) { number shipments { trackingNumber status carrier { name } } } }` },
  me: { query: `{ me { id email role } }` },
  mixed: {
    query: `{ orders(first: 5) { number customer { email } lines { sku { code stock { quantity location { code zone { name } warehouse { code } } } } } shipments { carrier { name } } } conveyors { name zone { name warehouse { code } } } }`,
  },
  notFound: { query: `{ order(id: "not-an-id") { id } }` },
};

let stack: TestStack;
let executor: Executor<{ token: string }>;
let token: string;
let requests = 0;
beforeAll(async () => {
  // Parity of execution only: the running gateway must execute every case (no cost or rate refusal).
  const unlimited = Number.POSITIVE_INFINITY;
  stack = await startTestStack({ gatewayLimits: { costBudgets: { anonymous: unlimited, user: unlimited, apiKey: unlimited } }, gatewayAccess: { rateLimits: null } });
  // Counted where they arrive: every subgraph's HTTP server.
  for (const sub of Object.values(stack.subgraphs)) sub.booted.server.httpServer.on("request", () => requests++);
  token = await tokenFor("ADMIN");
  executor = createExecutor<{ token: string }>({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, "utf8"),
    subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
    // Signed as the gateway signs: subgraphs answer nothing else.
    headers: (_subgraph, body, context): Record<string, string> => ({
      [SIGNATURE_HEADER]: signRequestBody(body, TEST_SIGNING_SECRET),
      ...(context ? { authorization: `Bearer ${context.token}` } : {}),
    }),
    dedup: { operations: false, subgraphFetches: false },
  });
});
afterAll(async () => {
  await executor?.close();
  await stack?.stopAll();
});

describe("our executor on the real supergraph", () => {
  for (const [name, { query, variables }] of Object.entries(QUERIES)) {
    it(`answers ${name} as the gateway does`, async () => {
      let before = requests;
      const viaGateway = await gql(stack.url, query, variables ?? {}, token);
      const apolloRequests = requests - before;
      before = requests;
      const ours = await executor.execute({ query, variables, context: { token } });
      const ourRequests = requests - before;
      console.log(`${name}: subgraph requests apollo ${apolloRequests}, ours ${ourRequests}`);
      expect(ourRequests).toBeLessThanOrEqual(apolloRequests);
      expect(ours.data ?? null).toEqual(viaGateway.data ?? null);
      expect((ours.errors ?? []).map((e) => [e.path, e.extensions?.code])).toEqual((viaGateway.errors ?? []).map((e: { path?: unknown; extensions?: { code?: string } }) => [e.path, e.extensions?.code]));
    });
  }
});
