import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, gql, PROTECTED, probeSubgraphProtection, signedGql, tokenFor, wsClient } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// Issue 11: every subgraph protects itself as if the gateway were not there. A client that finds a
// subgraph's port gets nothing unsigned, and even the gateway's own (signed) traffic meets the limits.
let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await tokenFor("ADMIN");
});
afterAll(() => stack?.stopAll());

/** `orders { lines { order { lines { order … id } } } }`, exactly `levels` fields deep. */
const nestedOrders = (levels: number) => {
  let inner = "id";
  for (let depth = levels - 1; depth >= 2; depth--) inner = `${depth % 2 === 0 ? "lines" : "order"} { ${inner} }`;
  return `{ orders(first: 2) { ${inner} } }`;
};

describe("subgraph ports, reached directly", () => {
  it("answer nothing unsigned on any subgraph (401 JSON, introspection and _service included), keeping /health open", async () => {
    expect(Object.keys(stack.subgraphs).sort()).toEqual(["inventory", "orders", "shipment", "users", "warehouse", "wcs"]);
    for (const [name, sub] of Object.entries(stack.subgraphs)) {
      const unsigned = await gql(sub.url, "{ __typename }", {}, token);
      expect({ name, status: unsigned.status, codes: errorCodes(unsigned), data: unsigned.data }).toEqual({ name, status: 401, codes: ["UNAUTHENTICATED"], data: undefined });
      expect({ name, ...(await probeSubgraphProtection(sub.url)) }).toEqual({ name, ...PROTECTED });
    }
  });

  it("close an unsigned subscription socket with 4401", async () => {
    const socket = wsClient(stack.subgraphs.wcs.url, token);
    expect((await socket.closed).code).toBe(4401);
    await socket.dispose();
  });

  it("refuse a signed 40-level nested query to the orders subgraph with GRAPHQL_VALIDATION_FAILED, and the service stays healthy", async () => {
    const orders = stack.subgraphs.orders.url;
    const deep = await signedGql(orders, nestedOrders(40), {}, token);
    expect(errorCodes(deep)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(deep.errors?.[0]?.message).toMatch(/depth limit of 15 exceeded, found 40/);
    expect(deep.data).toBeUndefined();
    expect((await fetch(orders.replace(/\/graphql$/, "/health"))).status).toBe(200);
    const after = await signedGql<{ orders: { id: string }[] }>(orders, "{ orders(first: 2) { id } }", {}, token);
    expect(after.errors).toBeUndefined();
    expect(after.data?.orders).toHaveLength(2);
  });
});

/**
 * As deep as `levels` but cheap: orders → customer → orders(first: 1) → customer → …, so demand
 * control (abuse-cost.test.ts) admits it and depth is what is tested, across two subgraphs' entity fetches.
 */
const deepButCheap = (levels: number) => {
  let inner = "id";
  for (let depth = levels - 1; depth >= 2; depth--) inner = depth % 2 === 0 ? `customer { ${inner} }` : `orders(first: 1) { ${inner} }`;
  return `{ orders(first: 2) { ${inner} } }`;
};

describe("through the gateway", () => {
  it("serves an operation at the depth limit (its subgraph fetches pass the subgraphs' limits) and refuses one beyond it", async () => {
    const atLimit = await gql<{ orders: unknown[] }>(stack.url, deepButCheap(15), {}, token);
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data?.orders).toHaveLength(2);
    // Entity fetches too: orders → customer (users) → orders (orders) → lines → sku (inventory) → stock → location (warehouse) → zone → warehouse.
    const entities = await gql(
      stack.url,
      `{ orders(first: 2) { customer { orders(first: 1) { lines { sku { stock(first: 1) { location { zone { warehouse { code } } } } } } } } } }`,
      {},
      token,
    );
    expect(entities.errors).toBeUndefined();
    expect(errorCodes(await gql(stack.url, deepButCheap(16), {}, token))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });
});
