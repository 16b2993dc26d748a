import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inventoryService } from "@floorgraph/inventory";
import { ordersService } from "@floorgraph/orders";
import type { PrismaClient } from "@floorgraph/prisma/shipment";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { shipmentService } from "../src/server.ts";
import { hasValidCheckDigit } from "../src/services/tracking-numbers.ts";
import { ACME, data } from "./fixtures.ts";

// The real peers: shipment asks orders for the order, orders needs inventory for its own work.
let inventory: TestSubgraph<{ $disconnect(): Promise<void> }>;
let orders: TestSubgraph<{ $disconnect(): Promise<void> }>;
let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  inventory = await startTestSubgraph(inventoryService, { seed: true });
  orders = await startTestSubgraph(ordersService, { seed: true, peers: { inventory: inventory.url } });
  subgraph = await startTestSubgraph(shipmentService, { seed: true, peers: { orders: orders.url } });
});
afterAll(async () => {
  await subgraph?.stop();
  await orders?.stop();
  await inventory?.stop();
});

const CREATE = `mutation($input: CreateShipmentInput!) { createShipment(input: $input) {
  id status trackingNumber trackingUrl order { id } carrier { code } serviceLevel { code }
  packages { weightKg lengthCm widthCm heightCm trackingNumber } trackingEvents { status description } } }`;
const CANCEL = `mutation($id: ID!) { addTrackingEvent(input: { shipmentId: $id, status: CANCELLED, description: "Relabel" }) { status } }`;
const PARCEL = { weightKg: 4.2, lengthCm: 40, widthCm: 30, heightCm: 20 };

/** PACKED demo orders whose only shipment is still in the warehouse, handed out one per test. */
const packed = data.orders
  .filter((o) => o.status === "PACKED")
  .map((o) => ({ order: o, shipment: data.shipments.find((s) => s.orderId === o.id)! }))
  .sort((a, b) => Number(b.order.partnerId === ACME) - Number(a.order.partnerId === ACME));
const takePacked = () => {
  const next = packed.shift();
  if (!next) throw new Error("out of PACKED demo orders");
  return next;
};

async function createFor(orderId: string, overrides: Record<string, unknown> = {}, role: "OPERATOR" | "ADMIN" | "SUPERVISOR" = "OPERATOR") {
  const input = { orderId, carrierCode: "UPS", serviceLevelCode: "SAVER", packages: [PARCEL, { ...PARCEL, weightKg: 12 }], ...overrides };
  return signedGql(subgraph.url, CREATE, { input }, await tokenFor(role));
}

/** Frees a packed order for a new shipment by cancelling the one the demo data gave it. */
async function freeOrder() {
  const { order, shipment } = takePacked();
  const cancelled = await signedGql(subgraph.url, CANCEL, { id: shipment.id }, await tokenFor("SUPERVISOR"));
  expect(cancelled.data?.addTrackingEvent.status).toBe("CANCELLED");
  return order;
}

const counts = async () => ({
  shipments: await subgraph.prisma.shipment.count(),
  packages: await subgraph.prisma.package.count(),
  events: await subgraph.prisma.trackingEvent.count(),
  audits: await subgraph.prisma.auditEntry.count(),
});

describe("createShipment", () => {
  it("labels a packed order: tracking number with check digit, packages, first event, audit, all in one go", async () => {
    const order = await freeOrder();
    const res = await createFor(order.id, { carrierCode: " ups ", serviceLevelCode: "saver" });
    expect(res.errors).toBeUndefined();
    const shipment = res.data?.createShipment;
    expect(shipment).toMatchObject({ status: "LABELLED", order: { id: order.id }, carrier: { code: "UPS" }, serviceLevel: { code: "SAVER" } });
    expect(shipment.trackingNumber).toMatch(/^1Z\d{11}$/);
    expect(hasValidCheckDigit(shipment.trackingNumber, "1Z")).toBe(true);
    expect(shipment.trackingUrl).toBe(`https://tracking.example/ups/${shipment.trackingNumber}`);
    expect(shipment.packages).toEqual([
      { ...PARCEL, trackingNumber: `${shipment.trackingNumber}-1` },
      { ...PARCEL, weightKg: 12, trackingNumber: `${shipment.trackingNumber}-2` },
    ]);
    expect(shipment.trackingEvents).toEqual([{ status: "LABELLED", description: "Label printed" }]);
    const row = await subgraph.prisma.shipment.findUniqueOrThrow({ where: { id: shipment.id } });
    expect(row.partnerId).toBe(order.partnerId);
    expect(await subgraph.prisma.auditEntry.count({ where: { subjectId: shipment.id, action: "shipment.created" } })).toBe(1);

    // The order now lists the new shipment first, then the cancelled one; its partner sees it too.
    const reps = { reps: [{ __typename: "Order", id: order.id }] };
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { shipments { id status } } } }`;
    const listed = await signedGql(subgraph.url, query, reps, await tokenFor("PARTNER"));
    expect(listed.data?._entities[0].shipments.map((s: { status: string }) => s.status)).toEqual(order.partnerId === ACME ? ["LABELLED", "CANCELLED"] : []);
  });

  it("refuses a second live shipment for the same order with CONFLICT", async () => {
    const { order, shipment } = takePacked();
    const before = await counts();
    const res = await createFor(order.id);
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors?.[0]?.extensions?.shipmentId).toBe(shipment.id);
    expect(await counts()).toEqual(before);
  });

  it("lets only one of two concurrent requests ship the same order", async () => {
    const order = await freeOrder();
    const results = await Promise.all([createFor(order.id), createFor(order.id, {}, "SUPERVISOR")]);
    expect(results.map(errorCodes).sort()).toEqual([[], ["CONFLICT"]]);
    const live = await subgraph.prisma.shipment.findFirstOrThrow({ where: { orderId: order.id, status: { not: "CANCELLED" } } });
    expect(await subgraph.prisma.shipment.count({ where: { orderId: order.id, status: { not: "CANCELLED" } } })).toBe(1);
    // The database itself refuses a second live shipment, whatever path a write takes.
    const { id: _id, trackingNumber: _number, ...copy } = live;
    await expect(subgraph.prisma.shipment.create({ data: { ...copy, trackingNumber: "1Z00000000000" } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("refuses an order that is not PACKED with CONFLICT", async () => {
    const created = data.orders.find((o) => o.status === "CREATED")!;
    const before = await counts();
    const res = await createFor(created.id, {}, "ADMIN");
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors?.[0]?.extensions?.orderStatus).toBe("CREATED");
    expect(await counts()).toEqual(before);
  });

  it("answers NOT_FOUND for an unknown order, carrier or service level", async () => {
    const order = packed[0]!.order;
    const before = await counts();
    const cases = [
      { orderId: "00000000-0000-4000-8000-000000000000" },
      { orderId: order.id, carrierCode: "FEDEX" },
      { orderId: order.id, carrierCode: "DHL", serviceLevelCode: "SAVER" },
    ];
    for (const input of cases) {
      const res = await createFor(input.orderId, input);
      expect(errorCodes(res)).toEqual(["NOT_FOUND"]);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a carrier that is no longer active with CONFLICT", async () => {
    await subgraph.prisma.carrier.update({ where: { code: "DPD" }, data: { active: false } });
    try {
      const before = await counts();
      const res = await createFor(packed[0]!.order.id, { carrierCode: "DPD", serviceLevelCode: "CLASSIC" });
      expect(errorCodes(res)).toEqual(["CONFLICT"]);
      expect(await counts()).toEqual(before);
    } finally {
      await subgraph.prisma.carrier.update({ where: { code: "DPD" }, data: { active: true } });
    }
  });

  it("validates packages with BAD_USER_INPUT naming the field, writing nothing", async () => {
    const order = packed[0]!.order;
    const before = await counts();
    const cases: [unknown[], string][] = [
      [[], "packages"],
      [Array.from({ length: 51 }, () => PARCEL), "packages"],
      [[PARCEL, { ...PARCEL, weightKg: 0 }], "packages[1].weightKg"],
      [[{ ...PARCEL, weightKg: -1 }], "packages[0].weightKg"],
      [[{ ...PARCEL, weightKg: 1000.001 }], "packages[0].weightKg"],
      [[{ ...PARCEL, lengthCm: 0 }], "packages[0].lengthCm"],
      [[{ ...PARCEL, widthCm: 401 }], "packages[0].widthCm"],
      [[PARCEL, PARCEL, { ...PARCEL, heightCm: -5 }], "packages[2].heightCm"],
    ];
    for (const [packages, field] of cases) {
      const res = await createFor(order.id, { packages });
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
    const malformed = await createFor("SO-000001");
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "orderId" });
    expect(await counts()).toEqual(before);
  });

  it("accepts the limits themselves: 50 packages, 1000 kg, 1 and 400 cm", async () => {
    const order = await freeOrder();
    const edge = { weightKg: 1000, lengthCm: 400, widthCm: 1, heightCm: 400 };
    const res = await createFor(order.id, { carrierCode: "DHL", serviceLevelCode: "PARCEL", packages: Array.from({ length: 50 }, () => edge) });
    expect(res.errors).toBeUndefined();
    expect(res.data?.createShipment.packages).toHaveLength(50);
    expect(res.data?.createShipment.trackingNumber).toMatch(/^JVGL\d{11}$/);
  });

  it("is for ADMIN, SUPERVISOR and OPERATOR only", async () => {
    const order = packed[0]!.order;
    const before = await counts();
    const input = { orderId: order.id, carrierCode: "UPS", serviceLevelCode: "SAVER", packages: [PARCEL] };
    for (const role of ["PICKER", "VIEWER", "PARTNER"] as const) {
      expect(errorCodes(await signedGql(subgraph.url, CREATE, { input }, await tokenFor(role)))).toEqual(["FORBIDDEN"]);
    }
    expect(errorCodes(await signedGql(subgraph.url, CREATE, { input }))).toEqual(["UNAUTHENTICATED"]);
    expect(await counts()).toEqual(before);
  });
});

describe("createShipment with the orders service down", () => {
  it("answers UNAVAILABLE and writes nothing", async () => {
    const stranded = await startTestSubgraph(shipmentService, { seed: true, peers: { orders: "http://127.0.0.1:9/graphql" } });
    try {
      const order = packed[0]!.order;
      const shipments = await stranded.prisma.shipment.count();
      const input = { orderId: order.id, carrierCode: "UPS", serviceLevelCode: "SAVER", packages: [PARCEL] };
      const res = await signedGql(stranded.url, CREATE, { input }, await tokenFor("OPERATOR"));
      expect(errorCodes(res)).toEqual(["UNAVAILABLE"]);
      expect(await stranded.prisma.shipment.count()).toBe(shipments);
      expect(await stranded.prisma.auditEntry.count()).toBe(0);
    } finally {
      await stranded.stop();
    }
  }, 60_000);
});
