import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoId } from "@floorgraph/demo-data";
import { inventoryService } from "@floorgraph/inventory";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { demoIdentity, errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { ordersService } from "../src/server.ts";

let inventory: TestSubgraph<{ $disconnect(): Promise<void> }>;
let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  inventory = await startTestSubgraph(inventoryService, { seed: true });
  subgraph = await startTestSubgraph(ordersService, { seed: true, peers: { inventory: inventory.url } });
});
afterAll(async () => {
  await subgraph?.stop();
  await inventory?.stop();
});

const ACME = demoId("partner", "ACME");
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) {
  id number status priority partnerId externalReference requestedShipDate customer { id }
  shipTo { name line1 line2 city postalCode country phone }
  lines { lineNumber quantity sku { code } } totalQuantity statusHistory { from to } } }`;

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let keys = 0;
const input = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: `test-${++keys}`,
  lines: [{ skuCode: "SKU-00001", quantity: 3 }, { skuCode: "SKU-00002", quantity: 2 }],
  shipTo: { name: "Store 9", line1: "Kerkstraat 9", city: "Utrecht", postalCode: "3511 AB", country: "nl" },
  ...overrides,
});

async function counts() {
  const p = subgraph.prisma;
  return { orders: await p.order.count(), lines: await p.orderLine.count(), history: await p.orderStatusChange.count(), audits: await p.auditEntry.count() };
}

describe("placeOrder", () => {
  it("places a CREATED order numbered after the seeded ones, with history and audit", async () => {
    const before = await counts();
    const res = await signedGql(subgraph.url, PLACE, { input: input({ priority: "HIGH", requestedShipDate: future(3), externalReference: " ERP-1 " }) }, await tokenFor("OPERATOR"));
    expect(res.errors).toBeUndefined();
    const order = res.data?.placeOrder;
    expect(order).toMatchObject({
      number: "SO-001001",
      status: "CREATED",
      priority: "HIGH",
      partnerId: null,
      externalReference: "ERP-1",
      requestedShipDate: future(3),
      customer: { id: demoIdentity("OPERATOR").userId },
      shipTo: { name: "Store 9", line1: "Kerkstraat 9", line2: null, city: "Utrecht", postalCode: "3511 AB", country: "NL", phone: null },
      lines: [{ lineNumber: 1, quantity: 3, sku: { code: "SKU-00001" } }, { lineNumber: 2, quantity: 2, sku: { code: "SKU-00002" } }],
      totalQuantity: 5,
      statusHistory: [{ from: null, to: "CREATED" }],
    });
    expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, history: before.history + 1, audits: before.audits + 1 });
    const audit = await subgraph.prisma.auditEntry.findFirstOrThrow({ where: { subjectId: order.id } });
    expect(audit).toMatchObject({ action: "order.placed", actorId: demoIdentity("OPERATOR").userId });
    const next = await signedGql(subgraph.url, PLACE, { input: input() }, await tokenFor("OPERATOR"));
    expect(next.data?.placeOrder.number).toBe("SO-001002");
    const newest = await signedGql(subgraph.url, `{ orders(first: 2) { number } }`, {}, await tokenFor("VIEWER"));
    expect(newest.data?.orders).toEqual([{ number: "SO-001002" }, { number: "SO-001001" }]);
  });

  it("gives a partner's order its organisation, takes SKU codes in any case, and uses the placeholder address when none is given", async () => {
    const lines = [{ skuCode: " sku-00003 ", quantity: 1 }];
    const res = await signedGql(subgraph.url, PLACE, { input: input({ shipTo: null, lines }) }, await tokenFor("PARTNER"));
    expect(res.data?.placeOrder).toMatchObject({ partnerId: ACME, lines: [{ lineNumber: 1, quantity: 1, sku: { code: "SKU-00003" } }], customer: { id: demoIdentity("PARTNER").userId }, shipTo: { name: "Internal test order", country: "NL" } });
    const mine = await signedGql(subgraph.url, `query($id: ID!) { order(id: $id) { id } }`, { id: res.data?.placeOrder.id }, await tokenFor("PARTNER"));
    expect(mine.data?.order).toEqual({ id: res.data?.placeOrder.id });
  });

  it("accepts API keys with orders:write and refuses roles and keys that may not place orders", async () => {
    const before = await counts();
    for (const role of ["PICKER", "VIEWER"] as const) {
      expect(errorCodes(await signedGql(subgraph.url, PLACE, { input: input() }, await tokenFor(role)))).toEqual(["FORBIDDEN"]);
    }
    const readOnly = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read", "inventory:read"] });
    expect(errorCodes(await signedGql(subgraph.url, PLACE, { input: input() }, readOnly))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await signedGql(subgraph.url, PLACE, { input: input() }))).toEqual(["UNAUTHENTICATED"]);
    expect(await counts()).toEqual(before);
    // The SKU check at inventory runs with the caller's token: orders:write alone must be enough.
    const writer = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:write"] });
    const res = await signedGql(subgraph.url, PLACE, { input: input() }, writer);
    expect(res.errors).toBeUndefined();
    expect(res.data?.placeOrder.partnerId).toBe(ACME);
  });
});

describe("idempotency", () => {
  it("returns the first order for a retry, whatever the line order, without writing", async () => {
    const token = await tokenFor("SUPERVISOR");
    const first = await signedGql(subgraph.url, PLACE, { input: input({ idempotencyKey: "retry-1" }) }, token);
    const before = await counts();
    const again = await signedGql(subgraph.url, PLACE, { input: input({ idempotencyKey: "retry-1" }) }, token);
    const reordered = await signedGql(subgraph.url, PLACE, { input: input({ idempotencyKey: "retry-1", lines: [{ skuCode: "SKU-00002", quantity: 2 }, { skuCode: "SKU-00001", quantity: 3 }] }) }, token);
    expect(again.data?.placeOrder.id).toBe(first.data?.placeOrder.id);
    expect(reordered.data?.placeOrder.id).toBe(first.data?.placeOrder.id);
    expect(await counts()).toEqual(before);
  });

  it("refuses the same key with different content with CONFLICT, writing nothing", async () => {
    const token = await tokenFor("SUPERVISOR");
    const first = await signedGql(subgraph.url, PLACE, { input: input({ idempotencyKey: "reused" }) }, token);
    const before = await counts();
    for (const change of [{ priority: "URGENT" }, { lines: [{ skuCode: "SKU-00001", quantity: 4 }] }, { shipTo: null }]) {
      const res = await signedGql(subgraph.url, PLACE, { input: input({ idempotencyKey: "reused", ...change }) }, token);
      expect(errorCodes(res)).toEqual(["CONFLICT"]);
      expect(res.errors?.[0]?.message).toContain(first.data?.placeOrder.number);
    }
    expect(await counts()).toEqual(before);
  });

  it("scopes keys to the partner organisation, or to the staff user", async () => {
    const acmeKey = { idempotencyKey: "shared-key" };
    const paul = await signedGql(subgraph.url, PLACE, { input: input(acmeKey) }, await tokenFor("PARTNER"));
    const acmeErp = await tokenFor("PARTNER", { userId: demoId("user", "orders@acme.example"), email: "orders@acme.example" });
    const sameOrg = await signedGql(subgraph.url, PLACE, { input: input(acmeKey) }, acmeErp);
    expect(sameOrg.data?.placeOrder.id).toBe(paul.data?.placeOrder.id);
    const nordic = await tokenFor("PARTNER", { userId: demoId("user", "ops@nordic-outdoor.example"), partnerId: demoId("partner", "NORDIC") });
    const otherOrg = await signedGql(subgraph.url, PLACE, { input: input(acmeKey) }, nordic);
    const admin = await signedGql(subgraph.url, PLACE, { input: input(acmeKey) }, await tokenFor("ADMIN"));
    const supervisor = await signedGql(subgraph.url, PLACE, { input: input(acmeKey) }, await tokenFor("SUPERVISOR"));
    const ids = [paul, otherOrg, admin, supervisor].map((r) => r.data?.placeOrder.id);
    expect(new Set(ids).size).toBe(4);
    expect(otherOrg.data?.placeOrder.partnerId).toBe(demoId("partner", "NORDIC"));
  });

  it("creates one order for concurrent identical requests", async () => {
    const token = await tokenFor("OPERATOR");
    const before = await counts();
    const same = input({ idempotencyKey: "parallel" });
    const results = await Promise.all(Array.from({ length: 6 }, () => signedGql(subgraph.url, PLACE, { input: same }, token)));
    for (const res of results) expect(res.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data?.placeOrder.id)).size).toBe(1);
    expect(await subgraph.prisma.order.count({ where: { idempotencyKey: "parallel" } })).toBe(1);
    expect(await counts()).toEqual({ orders: before.orders + 1, lines: before.lines + 2, history: before.history + 1, audits: before.audits + 1 });
  });

  it("answers a replay of a seeded order with that order", async () => {
    const seeded = await subgraph.prisma.order.findUniqueOrThrow({ where: { seq: 7 }, include: { lines: { orderBy: { lineNumber: "asc" } } } });
    const customer = seeded.partnerId
      ? await tokenFor("PARTNER", { userId: seeded.customerId, partnerId: seeded.partnerId })
      : await tokenFor("SUPERVISOR", { userId: seeded.customerId });
    const replay = {
      idempotencyKey: seeded.idempotencyKey,
      lines: seeded.lines.map((l) => ({ skuCode: l.skuCode, quantity: l.quantity })),
      priority: seeded.priority,
      requestedShipDate: seeded.requestedShipDate?.toISOString().slice(0, 10),
      externalReference: seeded.externalReference,
      shipTo: { name: seeded.shipToName, line1: seeded.shipToLine1, city: seeded.shipToCity, postalCode: seeded.shipToPostalCode, country: seeded.shipToCountry },
    };
    const res = await signedGql(subgraph.url, PLACE, { input: replay }, customer);
    expect(res.data?.placeOrder.number).toBe("SO-000007");
  });
});

describe("placement input", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an empty key", { idempotencyKey: "" }, "idempotencyKey"],
    ["a key over 100 characters", { idempotencyKey: "k".repeat(101) }, "idempotencyKey"],
    ["no lines", { lines: [] }, "lines"],
    ["201 lines", { lines: Array.from({ length: 201 }, (_, i) => ({ skuCode: `SKU-${String(i + 1).padStart(5, "0")}`, quantity: 1 })) }, "lines"],
    ["a zero quantity on the third line", { lines: [{ skuCode: "SKU-00001", quantity: 1 }, { skuCode: "SKU-00002", quantity: 1 }, { skuCode: "SKU-00003", quantity: 0 }] }, "lines[2].quantity"],
    ["a quantity over 100000", { lines: [{ skuCode: "SKU-00001", quantity: 100_001 }] }, "lines[0].quantity"],
    ["a repeated SKU", { lines: [{ skuCode: "SKU-00001", quantity: 1 }, { skuCode: "SKU-00001", quantity: 2 }] }, "lines[1].skuCode"],
    ["a ship date in the past", { requestedShipDate: "2020-01-01" }, "requestedShipDate"],
    ["a three-letter country", { shipTo: { name: "A", line1: "B", city: "C", postalCode: "D", country: "NLD" } }, "shipTo.country"],
  ];
  for (const [what, overrides, field] of cases) {
    it(`refuses ${what} with BAD_USER_INPUT on ${field}, writing nothing`, async () => {
      const before = await counts();
      const res = await signedGql(subgraph.url, PLACE, { input: input(overrides) }, await tokenFor("ADMIN"));
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
      expect(await counts()).toEqual(before);
    });
  }

  it("refuses SKU codes inventory does not know, listing them, writing nothing", async () => {
    const before = await counts();
    const lines = [{ skuCode: "NOPE-1", quantity: 1 }, { skuCode: "SKU-00001", quantity: 1 }, { skuCode: "NOPE-2", quantity: 1 }];
    const res = await signedGql(subgraph.url, PLACE, { input: input({ lines }) }, await tokenFor("PARTNER"));
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
    expect(res.errors?.[0]?.extensions).toMatchObject({ field: "lines", unknownSkuCodes: ["NOPE-1", "NOPE-2"] });
    expect(await counts()).toEqual(before);
  });
});

describe("inventory unavailable", () => {
  it("answers UNAVAILABLE and writes nothing when inventory cannot be reached", async () => {
    const isolated = await startTestSubgraph(ordersService, { seed: false, peers: { inventory: "http://127.0.0.1:9/graphql" } });
    try {
      const res = await signedGql(isolated.url, PLACE, { input: input() }, await tokenFor("OPERATOR"));
      expect(errorCodes(res)).toEqual(["UNAVAILABLE"]);
      expect(await isolated.prisma.order.count()).toBe(0);
      expect(await isolated.prisma.auditEntry.count()).toBe(0);
      const unconfigured = await startTestSubgraph(ordersService, { seed: false });
      try {
        expect(errorCodes(await signedGql(unconfigured.url, PLACE, { input: input() }, await tokenFor("OPERATOR")))).toEqual(["UNAVAILABLE"]);
        expect(await unconfigured.prisma.order.count()).toBe(0);
      } finally {
        await unconfigured.stop();
      }
    } finally {
      await isolated.stop();
    }
  });
});
