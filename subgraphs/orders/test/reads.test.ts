import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, demoId, type DemoOrder } from "@floorgraph/demo-data";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { demoIdentity, errorCodes, PROTECTED, probeSubgraphProtection, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { ordersService } from "../src/server.ts";

let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersService, { seed: true });
});
afterAll(() => subgraph?.stop());

const ACME = demoId("partner", "ACME");
const orders = () => demoDataset().orders;
const newestFirst = (list: DemoOrder[]) => [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.number < a.number ? -1 : 1));
const otherPartnersOrder = () => orders().find((o) => o.partnerId && o.partnerId !== ACME) as DemoOrder;
const acmeOrder = () => orders().find((o) => o.partnerId === ACME) as DemoOrder;

const LIST = `query($first: Int, $after: ID, $status: OrderStatus, $priority: OrderPriority) {
  orders(first: $first, after: $after, status: $status, priority: $priority) { id number status priority partnerId } }`;
const ORDER = `query($id: ID!) { order(id: $id) {
  id number status priority partnerId externalReference requestedShipDate cancellationReason createdAt
  customer { id } shipTo { name line1 line2 city postalCode country phone }
  lines { id lineNumber quantity sku { code } order { id } } totalQuantity statusHistory { from to at } } }`;

describe("orders by status", () => {
  it("counts every status, staff all orders and a partner only its organisation's", async () => {
    const COUNTS = `query { orderStatusCounts { status count } }`;
    const tally = (list: DemoOrder[]) => (status: string) => list.filter((o) => o.status === status).length;
    const staff = await signedGql(subgraph.url, COUNTS, {}, await tokenFor("VIEWER"));
    const all = tally(orders());
    expect(staff.data?.orderStatusCounts).toHaveLength(9);
    for (const { status, count } of staff.data?.orderStatusCounts ?? []) expect(count).toBe(all(status));
    const partner = await signedGql(subgraph.url, COUNTS, {}, await tokenFor("PARTNER"));
    const own = tally(orders().filter((o) => o.partnerId === demoIdentity("PARTNER").partnerId));
    expect(partner.data?.orderStatusCounts.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBeLessThan(orders().length);
    for (const { status, count } of partner.data?.orderStatusCounts ?? []) expect(count).toBe(own(status));
    expect(errorCodes(await signedGql(subgraph.url, COUNTS))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("orders list", () => {
  it("lists newest first, keyset-paginated without gaps or repeats", async () => {
    const admin = await tokenFor("ADMIN");
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await signedGql(subgraph.url, LIST, { first: 40, after }, admin);
      expect(res.errors).toBeUndefined();
      const ids = res.data?.orders.map((o: { id: string }) => o.id) as string[];
      expect(ids).toHaveLength(40);
      seen.push(...ids);
      after = ids[ids.length - 1];
    }
    expect(seen).toEqual(newestFirst(orders()).slice(0, 120).map((o) => o.id));
  });

  it("filters by status and priority", async () => {
    const admin = await tokenFor("SUPERVISOR");
    const res = await signedGql(subgraph.url, LIST, { first: 200, status: "DELIVERED", priority: "HIGH" }, admin);
    const expected = newestFirst(orders().filter((o) => o.status === "DELIVERED" && o.priority === "HIGH"));
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data?.orders.map((o: { number: string }) => o.number)).toEqual(expected.slice(0, 200).map((o) => o.number));
  });

  it("shows a partner only its own organisation's orders", async () => {
    const res = await signedGql(subgraph.url, LIST, { first: 200 }, await tokenFor("PARTNER"));
    const expected = newestFirst(orders().filter((o) => o.partnerId === ACME)).slice(0, 200);
    expect(expected.length).toBeGreaterThan(0);
    expect(res.data?.orders.map((o: { id: string }) => o.id)).toEqual(expected.map((o) => o.id));
  });

  it("refuses a partner's cursor pointing at another organisation's order", async () => {
    const res = await signedGql(subgraph.url, LIST, { first: 5, after: otherPartnersOrder().id }, await tokenFor("PARTNER"));
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors?.[0]?.extensions?.field).toBe("after");
  });

  it("bounds the page size", async () => {
    const admin = await tokenFor("ADMIN");
    for (const first of [0, -1, 201]) {
      const res = await signedGql(subgraph.url, LIST, { first }, admin);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe("first");
    }
    expect((await signedGql(subgraph.url, LIST, {}, admin)).data?.orders).toHaveLength(20);
  });
});

describe("one order", () => {
  it("returns every field as seeded", async () => {
    const demo = orders().find((o) => o.status === "DELIVERED" && o.lines.length >= 3) as DemoOrder;
    const res = await signedGql(subgraph.url, ORDER, { id: demo.id }, await tokenFor("VIEWER"));
    expect(res.errors).toBeUndefined();
    const order = res.data?.order;
    expect(order).toMatchObject({
      id: demo.id,
      number: demo.number,
      status: "DELIVERED",
      priority: demo.priority,
      partnerId: demo.partnerId,
      externalReference: demo.externalReference,
      requestedShipDate: demo.requestedShipDate,
      cancellationReason: null,
      createdAt: demo.createdAt.toISOString(),
      customer: { id: demo.customerId },
      shipTo: demo.shipTo,
      totalQuantity: demo.lines.reduce((sum, l) => sum + l.quantity, 0),
    });
    expect(order.lines).toEqual(demo.lines.map((l) => ({ id: l.id, lineNumber: l.lineNumber, quantity: l.quantity, sku: { code: l.skuCode }, order: { id: demo.id } })));
    expect(order.statusHistory).toEqual(demo.history.map((h) => ({ from: h.from, to: h.to, at: h.at.toISOString() })));
    expect(order.statusHistory.map((h: { to: string }) => h.to)).toEqual(["CREATED", "ALLOCATED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED"]);
  });

  it("finds an order by number", async () => {
    const admin = await tokenFor("OPERATOR");
    const res = await signedGql(subgraph.url, `{ a: orderByNumber(number: "SO-000042") { id } b: orderByNumber(number: "so-000001") { number } c: orderByNumber(number: "SO-999999") { id } }`, {}, admin);
    expect(res.data).toEqual({ a: { id: demoId("order", "SO-000042") }, b: { number: "SO-000001" }, c: null });
    const bad = await signedGql(subgraph.url, `{ orderByNumber(number: "42") { id } }`, {}, admin);
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
  });

  it("hides other organisations' orders from a partner as null, not FORBIDDEN", async () => {
    const partner = await tokenFor("PARTNER");
    const other = otherPartnersOrder();
    const staffOrder = orders().find((o) => !o.partnerId) as DemoOrder;
    const res = await signedGql(
      subgraph.url,
      `query($a: ID!, $b: ID!, $c: ID!, $n: String!) { a: order(id: $a) { id } b: order(id: $b) { id } c: order(id: $c) { id } n: orderByNumber(number: $n) { id } }`,
      { a: other.id, b: staffOrder.id, c: acmeOrder().id, n: other.number },
      partner,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: null, b: null, c: { id: acmeOrder().id }, n: null });
  });

  it("treats a malformed id as BAD_USER_INPUT and an unknown one as null", async () => {
    const admin = await tokenFor("ADMIN");
    expect(errorCodes(await signedGql(subgraph.url, `{ order(id: "1; drop table") { id } }`, {}, admin))).toEqual(["BAD_USER_INPUT"]);
    expect((await signedGql(subgraph.url, ORDER, { id: demoId("order", "nope") }, admin)).data?.order).toBeNull();
  });
});

describe("read access", () => {
  it("requires a token", async () => {
    expect(errorCodes(await signedGql(subgraph.url, LIST, {}))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(subgraph.url, LIST, {}, "garbage"))).toEqual(["UNAUTHENTICATED"]);
  });

  it("lets every staff role read", async () => {
    for (const role of ["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "VIEWER"] as const) {
      expect((await signedGql(subgraph.url, LIST, { first: 1 }, await tokenFor(role))).data?.orders).toHaveLength(1);
    }
  });

  it("requires orders:read of an API key", async () => {
    const writeOnly = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:write"] });
    const res = await signedGql(subgraph.url, LIST, {}, writeOnly);
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    const reader = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    const ok = await signedGql(subgraph.url, LIST, { first: 3 }, reader);
    expect(ok.data?.orders.map((o: { partnerId: string }) => o.partnerId)).toEqual([ACME, ACME, ACME]);
  });
});

describe("federation", () => {
  const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
    ... on Order { id number } ... on OrderLine { id quantity order { id } } ... on User { id orders(first: 3) { id customer { id } } } } }`;

  it("resolves Order and OrderLine references, hiding what a partner may not see", async () => {
    const mine = acmeOrder();
    const other = otherPartnersOrder();
    const reps = [
      { __typename: "Order", id: mine.id },
      { __typename: "Order", id: other.id },
      { __typename: "OrderLine", id: mine.lines[0]?.id },
      { __typename: "OrderLine", id: other.lines[0]?.id },
      { __typename: "Order", id: "not-a-uuid" },
    ];
    const admin = await signedGql(subgraph.url, ENTITIES, { reps }, await tokenFor("ADMIN"));
    expect(admin.data?._entities).toEqual([
      { id: mine.id, number: mine.number },
      { id: other.id, number: other.number },
      { id: mine.lines[0]?.id, quantity: mine.lines[0]?.quantity, order: { id: mine.id } },
      { id: other.lines[0]?.id, quantity: other.lines[0]?.quantity, order: { id: other.id } },
      null,
    ]);
    const partner = await signedGql(subgraph.url, ENTITIES, { reps }, await tokenFor("PARTNER"));
    expect(partner.data?._entities).toEqual([{ id: mine.id, number: mine.number }, null, expect.objectContaining({ id: mine.lines[0]?.id }), null, null]);
  });

  it("adds a user's newest orders to User, narrowed for partners", async () => {
    const supervisor = demoIdentity("SUPERVISOR").userId;
    const partnerUser = demoIdentity("PARTNER").userId;
    const reps = [supervisor, partnerUser].map((id) => ({ __typename: "User", id }));
    const expected = (customerId: string) => newestFirst(orders().filter((o) => o.customerId === customerId)).slice(0, 3).map((o) => ({ id: o.id, customer: { id: customerId } }));
    const staff = await signedGql(subgraph.url, ENTITIES, { reps }, await tokenFor("ADMIN"));
    expect(staff.data?._entities).toEqual([{ id: supervisor, orders: expected(supervisor) }, { id: partnerUser, orders: expected(partnerUser) }]);
    expect(expected(supervisor)).toHaveLength(3);
    const partner = await signedGql(subgraph.url, ENTITIES, { reps }, await tokenFor("PARTNER"));
    expect(partner.data?._entities).toEqual([{ id: supervisor, orders: [] }, { id: partnerUser, orders: expected(partnerUser) }]);
  });

  it("filters User.orders by status", async () => {
    const supervisor = demoIdentity("SUPERVISOR").userId;
    const res = await signedGql(
      subgraph.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { orders(first: 200, status: CANCELLED) { status } } } }`,
      { reps: [{ __typename: "User", id: supervisor }] },
      await tokenFor("ADMIN"),
    );
    const cancelled = orders().filter((o) => o.customerId === supervisor && o.status === "CANCELLED").length;
    expect(cancelled).toBeGreaterThan(0);
    expect(res.data?._entities[0].orders).toHaveLength(cancelled);
  });
});

describe("as if the gateway were not there", () => {
  it("answers only signed requests (401 JSON otherwise, introspection and _service included) and keeps /health open", async () => {
    expect(await probeSubgraphProtection(subgraph.url)).toEqual(PROTECTED);
  });
});
