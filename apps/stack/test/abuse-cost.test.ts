import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCounter } from "@floorgraph/db";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { DEFAULT_COST_BUDGETS } from "@floorgraph/gateway";
import { DEFAULT_SUBGRAPH_MAX_COST } from "@floorgraph/service";
import { errorCodes, gql, signedGql } from "@floorgraph/testing";
import { startTestStack, waitForQuiet, type TestStack } from "./harness.ts";

// Issue 11: a partner's order of 200 lines (the most placeOrder accepts) nested three times, and a
// viewer's wave nested twice, must be refused before anything runs, while the gateway stays healthy.
const LINES = 200;
const NESTED = `query Nested($id: ID!) { order(id: $id) { lines { order { lines { order { lines { quantity } } } } } } }`;
const WAVE = `query Wave($id: ID!) { wave(id: $id) { tasks { wave { tasks { id } } } } }`;
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id lines { id } } }`;

let stack: TestStack;
const orderStatements = new QueryCounter();
let partner: string;
let orderId: string;
const login = async (email: string) => (await gql(stack.url, LOGIN, { email, password: DEMO_PASSWORD })).data?.login.token as string;
/** Statements the orders subgraph ran against its order tables (the relay and consumers touch others). */
const orderReads = () => orderStatements.statements.filter((sql) => /"Order(Line)?"/.test(sql)).length;

beforeAll(async () => {
  stack = await startTestStack({ counters: { orders: orderStatements } });
  partner = await login("partner@floorgraph.dev");
  const lines = Array.from({ length: LINES }, (_, i) => ({ skuCode: `SKU-${String(i + 1).padStart(5, "0")}`, quantity: 1 }));
  const shipTo = { name: "Acme DC", line1: "Dock 1", city: "Utrecht", postalCode: "3511AA", country: "NL" };
  const placed = await gql(stack.url, PLACE, { input: { idempotencyKey: "abuse-cost-200", lines, shipTo } }, partner);
  expect(placed.errors).toBeUndefined();
  orderId = placed.data?.placeOrder.id;
  expect(placed.data?.placeOrder.lines).toHaveLength(LINES);
  await waitForQuiet(stack, 300_000);
  // Booting six services, seeding them and placing 200 lines takes minutes on a shared, loaded machine.
}, 900_000);
afterAll(() => stack?.stopAll());

describe("demand control through the gateway", () => {
  it("refuses the partner's three-level nesting of a 200-line order before executing it, and /health answers meanwhile", async () => {
    const before = orderReads();
    const base = stack.url.replace(/\/graphql$/, "");
    const [res, health] = await Promise.all([
      fetch(stack.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${partner}` }, body: JSON.stringify({ query: NESTED, variables: { id: orderId } }) }),
      fetch(`${base}/health`),
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions).toEqual({ code: "COST_ESTIMATED_TOO_EXPENSIVE", estimatedCost: 1 + 200 * (2 + 200 * (2 + 200)), maxCost: DEFAULT_COST_BUDGETS.user });
    expect(body.errors[0]?.message).toMatch(/fewer items.*first/);
    expect(health.status).toBe(200);
    expect(orderReads()).toBe(before);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it("serves the same order one list deep, reporting estimated and actual cost", async () => {
    const res = (await (
      await fetch(stack.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${partner}` },
        body: JSON.stringify({ query: `query($id: ID!) { order(id: $id) { id lines { quantity } statusHistory { to } } }`, variables: { id: orderId } }),
      })
    ).json()) as { errors?: unknown; data: { order: { lines: unknown[]; statusHistory: unknown[] } }; extensions: { cost: Record<string, number> } };
    expect(res.errors).toBeUndefined();
    expect(res.data.order.lines).toHaveLength(LINES);
    const history = res.data.order.statusHistory.length;
    expect(res.extensions.cost).toEqual({ estimated: 1 + 200 + 20, actual: 1 + LINES + history, max: DEFAULT_COST_BUDGETS.user });
  });

  it("refuses the viewer's wave nested in its own tasks", async () => {
    const viewer = await login("viewer@floorgraph.dev");
    const waves = await gql(stack.url, `{ waves(first: 1) { id } }`, {}, viewer);
    const waveId = waves.data?.waves[0]?.id;
    expect(waveId).toBeTruthy();
    const res = await gql(stack.url, WAVE, { id: waveId }, viewer);
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(["COST_ESTIMATED_TOO_EXPENSIVE"]);
    expect(res.errors?.[0]?.extensions).toMatchObject({ estimatedCost: 1 + 200 * (2 + 200), maxCost: DEFAULT_COST_BUDGETS.user });
    const bounded = await gql(stack.url, `query($id: ID!) { wave(id: $id) { tasks(first: 5) { wave { tasks(first: 5) { id } } } } }`, { id: waveId }, viewer);
    expect(bounded.errors).toBeUndefined();
  });

  it("refuses an expensive query sent straight to the orders subgraph (signed, as the gateway would), priced on its own schema", async () => {
    const before = orderReads();
    const res = await signedGql(stack.subgraphs.orders.url, NESTED, { id: orderId }, partner);
    expect(errorCodes(res)).toEqual(["COST_ESTIMATED_TOO_EXPENSIVE"]);
    expect(res.errors?.[0]?.extensions).toMatchObject({ estimatedCost: 1 + 200 * (2 + 200 * (2 + 200)), maxCost: DEFAULT_SUBGRAPH_MAX_COST });
    expect(orderReads()).toBe(before);
  });
});
