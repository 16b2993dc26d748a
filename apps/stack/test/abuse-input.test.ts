import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoId } from "@floorgraph/demo-data";
import { gql, tokenFor, type GraphQLResponse } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// Issue 11: input that no database column can hold, sent through the gateway, is the caller's
// mistake (BAD_USER_INPUT naming the field) and writes nothing, and a peer's verdict keeps its code.
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const CREATE_SHIPMENT = `mutation Ship($input: CreateShipmentInput!) { createShipment(input: $input) { id } }`;

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await tokenFor("ADMIN");
}, 600_000); // booting the whole system on a busy machine can take minutes
afterAll(() => stack?.stopAll());

type Counted = { count(): Promise<number> };
const prismaOf = (name: "orders" | "shipment") => stack.subgraphs[name].booted.prisma as unknown as Record<string, Counted>;
const orderRows = async () => ({ orders: await prismaOf("orders").order!.count(), lines: await prismaOf("orders").orderLine!.count() });

let keys = 0;
const order = (overrides: Record<string, unknown> = {}) => ({
  idempotencyKey: `abuse-${++keys}`,
  lines: [{ skuCode: "SKU-00002", quantity: 1 }, { skuCode: "SKU-00010", quantity: 1 }],
  ...overrides,
});

function expectRefused(res: GraphQLResponse<unknown>, field: string) {
  expect(res.errors).toHaveLength(1);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  expect(res.errors?.[0]?.message).not.toMatch(/unavailable|internal/i);
}

describe("bad input through the gateway", () => {
  it("refuses a NUL byte in placeOrder's externalReference, naming the field, and writes no order", async () => {
    const before = await orderRows();
    expectRefused(await gql(stack.url, PLACE, { input: order({ externalReference: "ERP\u0000-1" }) }, token), "input.externalReference");
    expect(await orderRows()).toEqual(before);
  });

  it("refuses requestedShipDate 2024-02-30 (and other impossible dates), naming the field, and writes no order", async () => {
    const before = await orderRows();
    for (const date of ["2024-02-30", "2023-13-01", "yesterday"]) {
      expectRefused(await gql(stack.url, PLACE, { input: order({ requestedShipDate: date }) }, token), "input.requestedShipDate");
    }
    expect(await orderRows()).toEqual(before);
  });

  it("refuses a NUL byte in a SKU code as BAD_USER_INPUT (not UNAVAILABLE), before asking inventory, and writes no order", async () => {
    const before = await orderRows();
    const lines = [{ skuCode: "SKU-00002", quantity: 1 }, { skuCode: "SKU-00010", quantity: 1 }, { skuCode: "SKU\u000000001", quantity: 1 }];
    expectRefused(await gql(stack.url, PLACE, { input: order({ lines }) }, token), "input.lines[2].skuCode");
    expect(await orderRows()).toEqual(before);
  });

  it("refuses an Int beyond 32 bits as BAD_USER_INPUT naming the field", async () => {
    const before = await orderRows();
    expectRefused(await gql(stack.url, PLACE, { input: order({ lines: [{ skuCode: "SKU-00002", quantity: 2 ** 31 }] }) }, token), "input.lines[0].quantity");
    expect(await orderRows()).toEqual(before);
  });

  it("passes on a peer's own verdict with its code: orders refusing shipment's look-up for a key without orders:read is FORBIDDEN, not UNAVAILABLE", async () => {
    const shipments = await prismaOf("shipment").shipment!.count();
    // An API key may create shipments by role but lacks the orders:read scope that orders asks of it
    // (shipments:read lets it past the gateway's authorization: a Shipment is read with that scope).
    const key = await tokenFor("OPERATOR", { kind: "api-key", scopes: ["shipments:read"] });
    const orderId = demoId("order", "SO-000001");
    const parcel = { weightKg: 2, lengthCm: 30, widthCm: 20, heightCm: 10 };
    const res = await gql(stack.url, CREATE_SHIPMENT, { input: { orderId, carrierCode: "UPS", serviceLevelCode: "SAVER", packages: [parcel] } }, key);
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(res.errors?.[0]?.message).toMatch(/orders:read/);
    expect(await prismaOf("shipment").shipment!.count()).toBe(shipments);
  });
});
