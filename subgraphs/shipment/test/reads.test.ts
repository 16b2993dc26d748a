import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@floorgraph/logger";
import type { PrismaClient } from "@floorgraph/prisma/shipment";
import { errorCodes, PROTECTED, probeSubgraphProtection, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { seedShipment } from "../src/seed.ts";
import { shipmentService } from "../src/server.ts";
import { ACME, data, demoShipment, newestFirst, SHIPMENT_FIELDS } from "./fixtures.ts";

let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(shipmentService, { seed: true });
});
afterAll(() => subgraph?.stop());

const LIST = `query($first: Int, $after: ID, $status: ShipmentStatus, $carrierCode: String) {
  shipments(first: $first, after: $after, status: $status, carrierCode: $carrierCode) { id status createdAt carrier { code } } }`;

describe("seed", () => {
  it("wrote the demo slice once", async () => {
    expect(await subgraph.prisma.shipment.count()).toBe(data.shipments.length);
    expect(await subgraph.prisma.package.count()).toBe(data.shipments.reduce((n, s) => n + s.packages.length, 0));
    expect(await subgraph.prisma.trackingEvent.count()).toBe(data.shipments.reduce((n, s) => n + s.events.length, 0));
    expect(await subgraph.prisma.serviceLevel.count()).toBe(data.carriers.reduce((n, c) => n + c.serviceLevels.length, 0));
    expect(await seedShipment(subgraph.prisma, createLogger("test", "silent"))).toBe(false);
  });
});

describe("shipments", () => {
  it("needs a token", async () => {
    expect(errorCodes(await signedGql(subgraph.url, LIST))).toEqual(["UNAUTHENTICATED"]);
  });

  it("lists newest first, 20 by default, with keyset pages that continue where the last one ended", async () => {
    const token = await tokenFor("VIEWER");
    const expected = [...data.shipments].sort(newestFirst).map((s) => s.id);
    const all = await signedGql(subgraph.url, LIST, {}, token);
    expect(all.data?.shipments.map((s: { id: string }) => s.id)).toEqual(expected.slice(0, 20));
    const page1 = await signedGql(subgraph.url, LIST, { first: 7 }, token);
    const page2 = await signedGql(subgraph.url, LIST, { first: 7, after: page1.data?.shipments.at(-1).id }, token);
    expect([...page1.data?.shipments, ...page2.data?.shipments].map((s: { id: string }) => s.id)).toEqual(expected.slice(0, 14));
  });

  it("filters by status and carrier code", async () => {
    const token = await tokenFor("OPERATOR");
    const res = await signedGql(subgraph.url, LIST, { first: 200, status: "DELIVERED", carrierCode: "ups" }, token);
    const expected = data.shipments.filter((s) => s.status === "DELIVERED" && s.carrierId === data.carriers.find((c) => c.code === "UPS")?.id);
    expect(res.data?.shipments).toHaveLength(Math.min(200, expected.length));
    expect(res.data?.shipments.every((s: { status: string; carrier: { code: string } }) => s.status === "DELIVERED" && s.carrier.code === "UPS")).toBe(true);
  });

  it("bounds the page size and rejects a malformed cursor", async () => {
    const token = await tokenFor("ADMIN");
    for (const first of [0, 201]) {
      const res = await signedGql(subgraph.url, LIST, { first }, token);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe("first");
    }
    expect(errorCodes(await signedGql(subgraph.url, LIST, { after: "nope" }, token))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("one shipment", () => {
  const labelled = demoShipment((s) => s.status === "LABELLED" && s.loadId !== null && s.packages.length > 1);
  const QUERY = `query($id: ID!) { shipment(id: $id) { ${SHIPMENT_FIELDS} } }`;

  it("resolves carrier, service level, packages in order, events newest first, dock door and load", async () => {
    const res = await signedGql(subgraph.url, QUERY, { id: labelled.id }, await tokenFor("SUPERVISOR"));
    expect(res.errors).toBeUndefined();
    const s = res.data?.shipment;
    const carrier = data.carriers.find((c) => c.id === labelled.carrierId)!;
    expect(s.trackingNumber).toBe(labelled.trackingNumber);
    expect(s.trackingUrl).toBe(carrier.trackingUrlTemplate.replace("{trackingNumber}", labelled.trackingNumber));
    expect(s.order).toEqual({ id: labelled.orderId });
    expect(s.carrier.code).toBe(carrier.code);
    expect(s.serviceLevel.code).toBe(carrier.serviceLevels.find((l) => l.id === labelled.serviceLevelId)?.code);
    expect(s.packages.map((p: { id: string }) => p.id)).toEqual(labelled.packages.map((p) => p.id));
    expect(s.trackingEvents.map((e: { occurredAt: string }) => e.occurredAt)).toEqual(labelled.events.map((e) => e.occurredAt.toISOString()));
    expect(s.dockDoor.code).toBe("D01");
    expect(s.load).toEqual({ id: labelled.loadId, status: "OPEN" });
  });

  it("finds a shipment by tracking number", async () => {
    const res = await signedGql(subgraph.url, `query($t: String!) { shipmentByTracking(trackingNumber: $t) { id } }`, { t: labelled.trackingNumber }, await tokenFor("PICKER"));
    expect(res.data?.shipmentByTracking).toEqual({ id: labelled.id });
  });

  it("sets shippedAt and deliveredAt from the demo history", async () => {
    const delivered = demoShipment((s) => s.status === "DELIVERED");
    const res = await signedGql(subgraph.url, QUERY, { id: delivered.id }, await tokenFor("ADMIN"));
    expect(res.data?.shipment.shippedAt).toBe(delivered.shippedAt?.toISOString());
    expect(res.data?.shipment.deliveredAt).toBe(delivered.deliveredAt?.toISOString());
  });

  it("answers null for an unknown id and BAD_USER_INPUT for a malformed one", async () => {
    const token = await tokenFor("ADMIN");
    expect((await signedGql(subgraph.url, QUERY, { id: "00000000-0000-4000-8000-000000000000" }, token)).data?.shipment).toBeNull();
    expect(errorCodes(await signedGql(subgraph.url, QUERY, { id: "1; drop table" }, token))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("partner isolation", () => {
  const own = demoShipment((s) => s.partnerId === ACME);
  const foreign = demoShipment((s) => s.partnerId !== ACME);

  it("lists only the partner's own shipments", async () => {
    const res = await signedGql(subgraph.url, `{ shipments(first: 200) { id } }`, {}, await tokenFor("PARTNER"));
    const ownIds = new Set(data.shipments.filter((s) => s.partnerId === ACME).map((s) => s.id));
    expect(res.data?.shipments.length).toBe(Math.min(200, ownIds.size));
    expect(res.data?.shipments.every((s: { id: string }) => ownIds.has(s.id))).toBe(true);
  });

  it("hides another organisation's shipment by id, tracking number, order and load", async () => {
    const token = await tokenFor("PARTNER");
    const res = await signedGql(
      subgraph.url,
      `query($own: ID!, $foreign: ID!, $t: String!, $reps: [_Any!]!) {
        mine: shipment(id: $own) { id } theirs: shipment(id: $foreign) { id } shipmentByTracking(trackingNumber: $t) { id }
        _entities(representations: $reps) { ... on Order { id shipments { id } } ... on Load { shipments { id } } } }`,
      {
        own: own.id,
        foreign: foreign.id,
        t: foreign.trackingNumber,
        reps: [{ __typename: "Order", id: foreign.orderId }, { __typename: "Order", id: own.orderId }, ...data.loads.map((l) => ({ __typename: "Load", id: l.id }))],
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.mine).toEqual({ id: own.id });
    expect(res.data?.theirs).toBeNull();
    expect(res.data?.shipmentByTracking).toBeNull();
    expect(res.data?._entities[0]).toEqual({ id: foreign.orderId, shipments: [] });
    expect(res.data?._entities[1]).toEqual({ id: own.orderId, shipments: [{ id: own.id }] });
    const loadShipmentIds = res.data?._entities.slice(2).flatMap((l: { shipments: { id: string }[] }) => l.shipments.map((s) => s.id));
    const acmeIds = new Set(data.shipments.filter((s) => s.partnerId === ACME).map((s) => s.id));
    expect(loadShipmentIds.length).toBeGreaterThan(0);
    expect(loadShipmentIds.every((id: string) => acmeIds.has(id))).toBe(true);
  });

  it("requires the shipments:read scope of an API key", async () => {
    const query = `{ shipments(first: 5) { id } }`;
    const unscoped = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    const scoped = await tokenFor("PARTNER", { kind: "api-key", scopes: ["shipments:read"] });
    expect(errorCodes(await signedGql(subgraph.url, query, {}, unscoped))).toEqual(["FORBIDDEN"]);
    const ok = await signedGql(subgraph.url, query, {}, scoped);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.shipments.length).toBe(5);
  });
});

describe("reference data", () => {
  it("lists carriers with their service levels", async () => {
    const res = await signedGql(subgraph.url, `{ carriers { code active trackingUrlTemplate serviceLevels { code transitDays cutoffTime } } }`, {}, await tokenFor("PARTNER"));
    expect(res.data?.carriers.map((c: { code: string }) => c.code)).toEqual(["DHL", "DPD", "POSTNL", "UPS"]);
    expect(res.data?.carriers[0].serviceLevels).toEqual([
      { code: "EXPRESS", transitDays: 1, cutoffTime: "16:00" },
      { code: "PARCEL", transitDays: 2, cutoffTime: "18:00" },
    ]);
  });

  it("lists dock doors, per warehouse when asked", async () => {
    const token = await tokenFor("OPERATOR");
    const warehouseId = data.warehouses[1]!.id;
    const all = await signedGql(subgraph.url, `{ dockDoors { id } }`, {}, token);
    const one = await signedGql(subgraph.url, `query($w: ID) { dockDoors(warehouseId: $w) { code warehouseId } }`, { w: warehouseId }, token);
    expect(all.data?.dockDoors).toHaveLength(data.dockDoors.length);
    expect(one.data?.dockDoors).toHaveLength(10);
    expect(one.data?.dockDoors.every((d: { warehouseId: string }) => d.warehouseId === warehouseId)).toBe(true);
  });

  it("lists open loads closing today at the carrier's first cutoff, with their shipments", async () => {
    const res = await signedGql(subgraph.url, `{ loads(status: OPEN) { id cutoffAt carrier { code serviceLevels { cutoffTime } } dockDoor { code } shipments { status } } }`, {}, await tokenFor("SUPERVISOR"));
    expect(res.data?.loads).toHaveLength(data.loads.length);
    const dhl = res.data?.loads.find((l: { carrier: { code: string } }) => l.carrier.code === "DHL");
    expect(dhl.cutoffAt).toBe(`${new Date().toISOString().slice(0, 10)}T18:00:00.000Z`);
    const labelledForDhl = data.shipments.filter((s) => s.loadId === dhl.id).length;
    expect(dhl.shipments).toHaveLength(labelledForDhl);
    expect(dhl.shipments.every((s: { status: string }) => s.status === "LABELLED")).toBe(true);
    expect((await signedGql(subgraph.url, `{ loads(status: DEPARTED) { id } }`, {}, await tokenFor("SUPERVISOR"))).data?.loads).toEqual([]);
  });

  it("bounds the loads list, latest cutoff first", async () => {
    const token = await tokenFor("SUPERVISOR");
    const two = await signedGql(subgraph.url, `{ loads(first: 2) { cutoffAt } }`, {}, token);
    expect(two.data?.loads).toHaveLength(2);
    expect(two.data?.loads[0].cutoffAt >= two.data?.loads[1].cutoffAt).toBe(true);
    expect(errorCodes(await signedGql(subgraph.url, `{ loads(first: 500) { id } }`, {}, token))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("as if the gateway were not there", () => {
  it("answers only signed requests (401 JSON otherwise, introspection and _service included) and keeps /health open", async () => {
    expect(await probeSubgraphProtection(subgraph.url)).toEqual(PROTECTED);
  });
});
