import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, demoId } from "@floorgraph/demo-data";
import { QueryCounter } from "@floorgraph/db";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { ordersService } from "../src/server.ts";

const counter = new QueryCounter();
let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersService, { seed: true, counter });
});
afterAll(() => subgraph?.stop());

/** Runs one operation and returns how many SQL statements it cost, failing on GraphQL errors. */
async function statementsFor(query: string, variables: Record<string, unknown>, token: string) {
  counter.reset();
  const res = await signedGql(subgraph.url, query, variables, token);
  expect(res.errors).toBeUndefined();
  return { count: counter.count, data: res.data as Record<string, any> };
}

const ORDERS = `query($first: Int!, $after: ID) { orders(first: $first, after: $after) {
  id totalQuantity lines { quantity sku { code } } statusHistory { to } customer { id } } }`;

describe("batching (no N+1)", () => {
  it("costs the same statements for 5 and 50 orders with lines, history and customer", async () => {
    const admin = await tokenFor("ADMIN");
    const small = await statementsFor(ORDERS, { first: 5 }, admin);
    const large = await statementsFor(ORDERS, { first: 50 }, admin);
    expect(small.data.orders).toHaveLength(5);
    expect(large.data.orders).toHaveLength(50);
    expect(large.data.orders.flatMap((o: { lines: unknown[] }) => o.lines).length).toBeGreaterThan(50);
    expect(small.count).toBe(3); // orders, lines, history
    expect(large.count).toBe(small.count);
    const paged = await statementsFor(ORDERS, { first: 50, after: large.data.orders[4].id }, admin);
    expect(paged.count).toBe(small.count + 1); // + the cursor row
  });

  it("resolves 5 and 50 Order and OrderLine references in the same statements", async () => {
    const admin = await tokenFor("SUPERVISOR");
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Order { id lines { quantity } } ... on OrderLine { id order { number } } } }`;
    const demo = demoDataset().orders;
    const reps = (n: number) => [
      ...demo.slice(0, n).map((o) => ({ __typename: "Order", id: o.id })),
      ...demo.slice(100, 100 + n).map((o) => ({ __typename: "OrderLine", id: o.lines[0]?.id })),
    ];
    const small = await statementsFor(query, { reps: reps(5) }, admin);
    const large = await statementsFor(query, { reps: reps(50) }, admin);
    expect(large.data._entities.filter(Boolean)).toHaveLength(100);
    expect(large.count).toBe(small.count);
    expect(small.count).toBe(4); // orders by id, lines by id, the lines' orders, the orders' lines
  });

  it("costs the same statements for 5 and 50 User representations asking their orders", async () => {
    const admin = await tokenFor("ADMIN");
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id orders { id } } } }`;
    const customers = [...new Set(demoDataset().orders.map((o) => o.customerId))];
    const users = (n: number) => [...customers, ...Array.from({ length: n }, (_, i) => demoId("user", `nobody-${i}`))].slice(0, n);
    const small = await statementsFor(query, { reps: users(5).map((id) => ({ __typename: "User", id })) }, admin);
    const large = await statementsFor(query, { reps: users(50).map((id) => ({ __typename: "User", id })) }, admin);
    expect(large.data._entities).toHaveLength(50);
    expect(large.data._entities.filter((u: { orders: unknown[] }) => u.orders.length === 20).length).toBe(customers.length);
    expect(small.count).toBe(2); // ranked ids, then the rows
    expect(large.count).toBe(small.count);
  });
});
