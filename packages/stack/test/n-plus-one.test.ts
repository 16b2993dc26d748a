import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCounter } from "@floorgraph/db";
import type { ServiceName } from "@floorgraph/service";
import { gql, tokenFor } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// orders(first: N) with lines, SKUs, stock (located in the warehouse subgraph), customers and
// shipments touches all five subgraphs; batching must keep each one's statement count flat in N.
const QUERY = `query($first: Int!) {
  orders(first: $first) {
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
  stack = await startTestStack({ counters });
  token = await tokenFor("SUPERVISOR");
});
afterAll(() => stack?.stopAll());

async function statementsFor(first: number) {
  // A warm-up run first, so one-off work (connection set-up, prepared plans) is not counted.
  await gql(stack.url, QUERY, { first }, token);
  for (const counter of Object.values(counters)) counter.reset();
  const res = await gql(stack.url, QUERY, { first }, token);
  expect(res.errors).toBeUndefined();
  const counts = Object.fromEntries(SERVICES.map((s) => [s, counters[s].count])) as Record<ServiceName, number>;
  return { res, counts };
}

describe("no N+1 across the supergraph", () => {
  it("sends as many SQL statements per subgraph for 50 orders as for 5", async () => {
    const small = await statementsFor(5);
    // Orders 6..50 of the newest 50 are not all shipped; look back far enough to include shipments too.
    const large = await statementsFor(50);
    expect(small.res.data?.orders).toHaveLength(5);
    expect(large.res.data?.orders).toHaveLength(50);
    const lines = large.res.data?.orders.flatMap((o: { lines: unknown[] }) => o.lines).length;
    expect(lines).toBeGreaterThan(50);
    process.stdout.write(`SQL statements per subgraph: first 5 ${JSON.stringify(small.counts)}; first 50 ${JSON.stringify(large.counts)}\n`);
    for (const service of SERVICES) {
      expect(small.counts[service], `${service} with 5 orders`).toBeGreaterThan(0);
      expect(large.counts[service], `${service}: 5 → 50 orders`).toBe(small.counts[service]);
    }
  });

  it("keeps shipments batched over orders that have them", async () => {
    const res = await gql(stack.url, `{ orders(first: 100, status: DELIVERED) { id shipments { trackingNumber carrier { name } } } }`, {}, token);
    counters.shipment.reset();
    const again = await gql(stack.url, `{ orders(first: 100, status: DELIVERED) { id shipments { trackingNumber carrier { name } } } }`, {}, token);
    expect(again.data?.orders.length).toBe(res.data?.orders.length);
    expect(again.data?.orders.filter((o: { shipments: unknown[] }) => o.shipments.length).length).toBeGreaterThan(10);
    expect(counters.shipment.count).toBeLessThanOrEqual(3);
  });
});
