import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoId } from "@floorgraph/demo-data";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { refusals, signedGql, startTestSubgraph, type TestSubgraph, tokenFor } from "@floorgraph/testing";
import { ordersService } from "../src/server.ts";

// Issue 11: strings no column can hold, impossible dates, out-of-range numbers and over-long text
// are BAD_USER_INPUT naming the field, and nothing is written. No inventory peer is configured: a
// check that came after asking inventory would answer UNAVAILABLE instead.
let subgraph: TestSubgraph<PrismaClient>;
let admin: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersService, { seed: true });
  admin = await tokenFor("ADMIN");
});
afterAll(() => subgraph?.stop());

const NUL = "\u0000";
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const SET = `mutation($id: ID!, $status: OrderStatus!, $reason: String) { setOrderStatus(id: $id, status: $status, reason: $reason) { id } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { id } }`;

let keys = 0;
const order = (overrides: Record<string, unknown> = {}) => ({
  input: {
    idempotencyKey: `bad-${++keys}`,
    lines: [{ skuCode: "SKU-00001", quantity: 1 }, { skuCode: "SKU-00002", quantity: 1 }, { skuCode: "SKU-00003", quantity: 1 }],
    shipTo: { name: "Store 9", line1: "Kerkstraat 9", city: "Utrecht", postalCode: "3511 AB", country: "NL" },
    ...overrides,
  },
});
const shipTo = (overrides: Record<string, unknown>) => ({ name: "Store 9", line1: "Kerkstraat 9", city: "Utrecht", postalCode: "3511 AB", country: "NL", ...overrides });

async function counts() {
  const p = subgraph.prisma;
  return { orders: await p.order.count(), lines: await p.orderLine.count(), history: await p.orderStatusChange.count(), audits: await p.auditEntry.count(), outbox: await p.outboxEvent.count() };
}

async function expectRefused(query: string, variables: Record<string, unknown>, field: string) {
  const before = await counts();
  const res = await signedGql(subgraph.url, query, variables, admin);
  expect(refusals(res), field).toEqual([{ code: "BAD_USER_INPUT", field }]);
  expect(await counts()).toEqual(before);
}

describe("orders: bad input", () => {
  it("refuses a NUL byte in every text field of placeOrder, naming the field, before asking inventory", async () => {
    await expectRefused(PLACE, order({ externalReference: `ERP${NUL}1` }), "input.externalReference");
    await expectRefused(PLACE, order({ idempotencyKey: `k${NUL}` }), "input.idempotencyKey");
    await expectRefused(PLACE, order({ lines: [{ skuCode: "SKU-00001", quantity: 1 }, { skuCode: "SKU-00002", quantity: 1 }, { skuCode: `SKU${NUL}00003`, quantity: 1 }] }), "input.lines[2].skuCode");
    await expectRefused(PLACE, order({ shipTo: shipTo({ name: `Store${NUL}` }) }), "input.shipTo.name");
    await expectRefused(PLACE, order({ shipTo: shipTo({ phone: `${NUL}` }) }), "input.shipTo.phone");
  });

  it("refuses an impossible requestedShipDate, naming the field", async () => {
    for (const requestedShipDate of ["2024-02-30", "2023-13-01", "yesterday", "2031-02-29", "2030-00-10"]) {
      await expectRefused(PLACE, order({ requestedShipDate }), "input.requestedShipDate");
    }
  });

  it("refuses out-of-range quantities, unknown priorities and over-long text, before asking inventory", async () => {
    await expectRefused(PLACE, order({ lines: [{ skuCode: "SKU-00001", quantity: 2 ** 31 }] }), "input.lines[0].quantity");
    await expectRefused(PLACE, order({ lines: [{ skuCode: "SKU-00001", quantity: -4 }] }), "lines[0].quantity");
    await expectRefused(PLACE, order({ priority: "YESTERDAY" }), "input.priority");
    await expectRefused(PLACE, order({ externalReference: "x".repeat(101) }), "externalReference");
    await expectRefused(PLACE, order({ shipTo: shipTo({ line2: "x".repeat(201) }) }), "shipTo.line2");
  });

  it("refuses a NUL byte or over-long reason on setOrderStatus and cancelOrder", async () => {
    const id = demoId("order", "SO-000042");
    await expectRefused(SET, { id, status: "ALLOCATED", reason: `because${NUL}` }, "reason");
    await expectRefused(CANCEL, { id, reason: `${NUL}` }, "reason");
    await expectRefused(CANCEL, { id, reason: "x".repeat(10_000) }, "reason");
  });
});
