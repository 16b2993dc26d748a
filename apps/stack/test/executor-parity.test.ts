import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway } from "@floorgraph/gateway";
import { gql, tokenFor } from "@floorgraph/testing";
import { startTestStack, type TestStack, startExtraGateway } from "./harness.ts";

// The stack's gateway with GATEWAY_EXECUTOR=floorgraph (the project's executor, gateway/src/execution)
// against a second gateway with @apollo/gateway's executor over the same subgraphs, the same
// supergraph and settings: the same answers (data, error paths and codes), fewer subgraph requests.
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
let apollo: RunningGateway;
let token: string;
let requests = 0;
beforeAll(async () => {
  // Parity of execution only: both gateways must execute every case (no cost or rate refusal).
  const unlimited = Number.POSITIVE_INFINITY;
  const costBudgets = { anonymous: unlimited, user: unlimited, apiKey: unlimited };
  stack = await startTestStack({ gateway: { executor: "floorgraph" }, gatewayLimits: { costBudgets }, gatewayAccess: { rateLimits: null } });
  // Counted where they arrive: every subgraph's HTTP server.
  for (const sub of Object.values(stack.subgraphs)) sub.booted.server.httpServer.on("request", () => requests++);
  token = await tokenFor("ADMIN");
  apollo = await startExtraGateway(stack, { costBudgets, access: { rateLimits: null }, executor: "apollo" }, "apollo-gateway");
});
afterAll(async () => {
  await apollo?.stop();
  await stack?.stopAll();
});

describe("the gateway on its own executor (GATEWAY_EXECUTOR=floorgraph), on the real supergraph", () => {
  const saved: Record<string, { apollo: number; ours: number }> = {};
  for (const [name, { query, variables }] of Object.entries(QUERIES)) {
    it(`answers ${name} as with @apollo/gateway's executor`, async () => {
      let before = requests;
      const viaApollo = await gql(apollo.url, query, variables ?? {}, token);
      const apolloRequests = requests - before;
      before = requests;
      const ours = await gql(stack.url, query, variables ?? {}, token);
      const ourRequests = requests - before;
      saved[name] = { apollo: apolloRequests, ours: ourRequests };
      console.log(`${name}: subgraph requests apollo ${apolloRequests}, floorgraph ${ourRequests}`);
      expect(ourRequests).toBeLessThanOrEqual(apolloRequests);
      expect(ours.data ?? null).toEqual(viaApollo.data ?? null);
      const errors = (r: typeof ours) => (r.errors ?? []).map((e: { message: string; path?: unknown; extensions?: { code?: string } }) => [e.path, e.extensions?.code]);
      expect(errors(ours)).toEqual(errors(viaApollo));
    });
  }

  // Identical operations in flight at once from one caller share one execution (on by default);
  // @apollo/gateway runs each. Proof that the project's executor serves, and that callers' work stays apart.
  const burst = async (url: string, tokens: string[]) => {
    const before = requests;
    const answers = await Promise.all(tokens.map((t) => gql(url, QUERIES.orders!.query, {}, t)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    return requests - before;
  };

  it("shares one execution among identical operations of one caller in flight at once", async () => {
    const tokens = Array.from({ length: 10 }, () => token);
    const viaApollo = await burst(apollo.url, tokens);
    const ours = await burst(stack.url, tokens);
    console.log(`10 identical orders queries at once: subgraph requests apollo ${viaApollo}, floorgraph ${ours}`);
    expect(ours).toBeLessThan(viaApollo);
  });

  it("shares nothing between callers", async () => {
    const tokens = await Promise.all(Array.from({ length: 4 }, (_, i) => tokenFor("ADMIN", { userId: `parity-${i}`, email: `parity-${i}@example.com` })));
    const single = await burst(apollo.url, [token]);
    expect(await burst(stack.url, tokens)).toBe(single * tokens.length);
  });
});
