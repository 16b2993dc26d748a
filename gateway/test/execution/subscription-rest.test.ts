import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixture, type RunningFixture, type SubgraphDef } from "../conformance/harness.ts";
import { inventory, products } from "../conformance/fixtures/shop-subgraphs.ts";

// The subscription engine opens the primary fetch itself and runs the rest of the plan per event:
// the executor must accept the event as the primary fetch's answer and fetch everything else.
const events: SubgraphDef = {
  name: "events",
  typeDefs: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Product @key(fields: "upc") { upc: String! }
    type Query { _unused: Boolean }
    type Subscription { priceChanged: Product! }`,
  resolvers: {},
};

let running: RunningFixture;
beforeAll(async () => {
  running = await startFixture({ name: "subscriptions", subgraphs: [events, products, inventory], cases: [] });
});
afterAll(async () => {
  await running?.stop();
});

describe("executeSubscriptionEvent", () => {
  it("runs the rest of the plan on an event and shapes the result", async () => {
    const plan = running.ours.planSubscription(`subscription S($c: String!) { priceChanged { upc name eur: price(currency: $c) inStock } }`);
    if ("errors" in plan) throw new Error(JSON.stringify(plan.errors));
    expect(plan.primary.serviceName).toBe("events");
    const before = running.counts.get("events");
    const result = await running.ours.executeSubscriptionEvent(plan, { data: { priceChanged: { __typename: "Product", upc: "1" } } }, { variables: { c: "EUR" } });
    expect(result).toEqual({ data: { priceChanged: { upc: "1", name: "Table", eur: 900, inStock: true } } });
    // The event stood in for the primary fetch: the events subgraph was not asked.
    expect(running.counts.get("events")).toBe(before);
  });

  it("keeps the event's errors and nulls a non-null root the event did not carry", async () => {
    const plan = running.ours.planSubscription(`subscription { priceChanged { upc name } }`);
    if ("errors" in plan) throw new Error(JSON.stringify(plan.errors));
    const result = await running.ours.executeSubscriptionEvent(plan, { data: null, errors: [{ message: "stream failed", path: ["priceChanged"] }] }, {});
    expect(result).toEqual({ data: null, errors: [{ message: "stream failed", path: ["priceChanged"], extensions: { code: "DOWNSTREAM_SERVICE_ERROR", serviceName: "events" } }] });
  });

  it("refuses a query as a subscription plan", () => {
    const plan = running.ours.planSubscription(`{ topProducts { name } }`);
    expect("errors" in plan && plan.errors[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
