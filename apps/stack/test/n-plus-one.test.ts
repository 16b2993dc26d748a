import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCounter } from "@floorgraph/db";
import { DEFAULT_COST_BUDGETS } from "@floorgraph/gateway";
import type { ServiceName } from "@floorgraph/service";
import { gql, tokenFor } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// orders(first: N) with lines, SKUs, stock (located in the warehouse subgraph), customers and
// shipments touches all five subgraphs; batching must keep each one's statement count flat in N.
const QUERY = `query($first: Int!, $status: OrderStatus) {
  orders(first: $first, status: $status) {
    id number status
    customer { email name }
    lines {
      quantity
      sku { code name totalAvailable stock { quantity location { code zone { name } warehouse { code } } } }
    }
    shipments { trackingNumber status carrier { name } packages { id } trackingEvents { status } }
  }
}`;

const SERVICES: ServiceName[] = ["users", "orders", "inventory", "warehouse", "shipment"];
const counters = Object.fromEntries(SERVICES.map((s) => [s, new QueryCounter()])) as Record<ServiceName, QueryCounter>;

let stack: TestStack;
let token: string;
beforeAll(async () => {
  // The query is deliberately deep (every subgraph, lists in lists): demand control prices 50 orders'
  // 200 possible lines with 50 stock rows each far over a user's budget, so this test raises it.
  // The deliberately wide query costs more than a user's budget and its window's rate limit allow.
  stack = await startTestStack({ counters, gatewayLimits: { costBudgets: { ...DEFAULT_COST_BUDGETS, user: 10_000_000 } }, gatewayAccess: { rateLimits: null } });
  token = await tokenFor("SUPERVISOR");
});
afterAll(() => stack?.stopAll());

async function statementsFor(first: number, status?: string) {
  // A warm-up run first, so one-off work (connection set-up, prepared plans) is not counted.
  await gql(stack.url, QUERY, { first, status }, token);
  for (const counter of Object.values(counters)) counter.reset();
  const res = await gql(stack.url, QUERY, { first, status }, token);
  expect(res.errors).toBeUndefined();
  const counts = Object.fromEntries(SERVICES.map((s) => [s, counters[s].count])) as Record<ServiceName, number>;
  return { res, counts };
}

describe("no N+1 across the supergraph", () => {
  // Shipped orders exercise every level (each has lines, SKUs with stock, and a shipment with
  // packages and tracking events), so 5 and 50 of them must cost exactly the same.
  it("sends as many SQL statements per subgraph for 50 shipped orders as for 5", async () => {
    const small = await statementsFor(5, "SHIPPED");
    const large = await statementsFor(50, "SHIPPED");
    expect(small.res.data?.orders).toHaveLength(5);
    expect(large.res.data?.orders).toHaveLength(50);
    const shipments = large.res.data?.orders.flatMap((o: { shipments: unknown[] }) => o.shipments).length;
    const lines = large.res.data?.orders.flatMap((o: { lines: unknown[] }) => o.lines).length;
    expect(shipments).toBe(50);
    expect(lines).toBeGreaterThan(50);
    process.stdout.write(`SQL statements per subgraph, shipped orders: first 5 ${JSON.stringify(small.counts)}; first 50 ${JSON.stringify(large.counts)}\n`);
    for (const service of SERVICES) {
      expect(small.counts[service], `${service} with 5 orders`).toBeGreaterThan(0);
      expect(large.counts[service], `${service}: 5 → 50 orders`).toBe(small.counts[service]);
    }
  });

  it("stays within the same bound for the newest orders in mixed states", async () => {
    const bound = (await statementsFor(50, "SHIPPED")).counts;
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(large.res.data?.orders).toHaveLength(50);
    process.stdout.write(`SQL statements per subgraph, newest orders: first 5 ${JSON.stringify(small.counts)}; first 50 ${JSON.stringify(large.counts)}\n`);
    // Fewer statements only where a level is empty (e.g. no shipments yet among the newest five).
    for (const service of SERVICES) {
      expect(small.counts[service]).toBeLessThanOrEqual(bound[service]);
      expect(large.counts[service]).toBeLessThanOrEqual(bound[service]);
    }
  });
});
