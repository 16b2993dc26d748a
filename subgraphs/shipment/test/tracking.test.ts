import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@floorgraph/prisma/shipment";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { shipmentService } from "../src/server.ts";
import { data } from "./fixtures.ts";

let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(shipmentService, { seed: true });
});
afterAll(() => subgraph?.stop());

const ADD = `mutation($input: TrackingEventInput!) { addTrackingEvent(input: $input) {
  id status shippedAt deliveredAt trackingEvents { status description location occurredAt } } }`;

const labelled = data.shipments.filter((s) => s.status === "LABELLED");
const take = () => {
  const shipment = labelled.shift();
  if (!shipment) throw new Error("out of LABELLED demo shipments");
  return shipment.id;
};

async function add(shipmentId: string, status: string, extra: Record<string, unknown> = {}, role: "OPERATOR" | "ADMIN" = "OPERATOR") {
  return signedGql(subgraph.url, ADD, { input: { shipmentId, status, description: `now ${status}`, ...extra } }, await tokenFor(role));
}

/** What a refused mutation must leave untouched. */
async function snapshot(shipmentId: string) {
  const [shipment, events, audits] = await Promise.all([
    subgraph.prisma.shipment.findUniqueOrThrow({ where: { id: shipmentId } }),
    subgraph.prisma.trackingEvent.count({ where: { shipmentId } }),
    subgraph.prisma.auditEntry.count(),
  ]);
  return { status: shipment.status, shippedAt: shipment.shippedAt, deliveredAt: shipment.deliveredAt, events, audits };
}

describe("addTrackingEvent", () => {
  it("walks a shipment to DELIVERED, setting shippedAt and deliveredAt, and audits each step", async () => {
    const id = take();
    const audits = await subgraph.prisma.auditEntry.count();
    expect((await add(id, "LOADED")).data?.addTrackingEvent.shippedAt).toBeNull();
    const shippedAt = new Date(Date.now() - 3_600_000).toISOString();
    const shipped = await add(id, "SHIPPED", { occurredAt: shippedAt, location: " Dock D01 " });
    expect(shipped.data?.addTrackingEvent).toMatchObject({ status: "SHIPPED", shippedAt, deliveredAt: null });
    expect(shipped.data?.addTrackingEvent.trackingEvents[0]).toMatchObject({ status: "LOADED" });
    expect(shipped.data?.addTrackingEvent.trackingEvents[1]).toEqual({ status: "SHIPPED", description: "now SHIPPED", location: "Dock D01", occurredAt: shippedAt });
    await add(id, "IN_TRANSIT");
    expect(errorCodes(await add(id, "IN_TRANSIT"))).toEqual([]);
    await add(id, "OUT_FOR_DELIVERY");
    const delivered = await add(id, "DELIVERED", {}, "ADMIN");
    expect(delivered.data?.addTrackingEvent.status).toBe("DELIVERED");
    expect(delivered.data?.addTrackingEvent.shippedAt).toBe(shippedAt);
    expect(Date.now() - Date.parse(delivered.data?.addTrackingEvent.deliveredAt)).toBeLessThan(60_000);
    expect(delivered.data?.addTrackingEvent.trackingEvents.map((e: { status: string }) => e.status).slice(0, 2)).toEqual(["DELIVERED", "OUT_FOR_DELIVERY"]);
    expect(await subgraph.prisma.auditEntry.count({ where: { subjectId: id, action: "shipment.tracking_event" } })).toBe(6);
    expect(await subgraph.prisma.auditEntry.count()).toBe(audits + 6);
  });

  it("skips steps forward but never moves back, and DELIVERED is final", async () => {
    const id = take();
    expect((await add(id, "IN_TRANSIT")).data?.addTrackingEvent.shippedAt).not.toBeNull();
    for (const status of ["LABELLED", "SHIPPED", "CREATED"]) {
      const before = await snapshot(id);
      const res = await add(id, status);
      expect(errorCodes(res)).toEqual(["CONFLICT"]);
      expect(res.errors?.[0]?.extensions).toMatchObject({ from: "IN_TRANSIT", to: status });
      expect(await snapshot(id)).toEqual(before);
    }
    await add(id, "DELIVERED");
    for (const status of ["EXCEPTION", "IN_TRANSIT", "CANCELLED"]) expect(errorCodes(await add(id, status))).toEqual(["CONFLICT"]);
  });

  it("allows EXCEPTION from any open status and only IN_TRANSIT out of it", async () => {
    const id = take();
    await add(id, "SHIPPED");
    expect((await add(id, "EXCEPTION", { description: "Parcel damaged" })).data?.addTrackingEvent.status).toBe("EXCEPTION");
    expect(errorCodes(await add(id, "OUT_FOR_DELIVERY"))).toEqual(["CONFLICT"]);
    expect(errorCodes(await add(id, "EXCEPTION"))).toEqual(["CONFLICT"]);
    expect((await add(id, "IN_TRANSIT")).data?.addTrackingEvent.status).toBe("IN_TRANSIT");
  });

  it("cancels only while the goods are still in the warehouse; CANCELLED is final", async () => {
    const id = take();
    expect((await add(id, "CANCELLED")).data?.addTrackingEvent.status).toBe("CANCELLED");
    // A cancelled shipment no longer holds its order: a new one may be created for it.
    expect((await subgraph.prisma.shipment.findUniqueOrThrow({ where: { id } })).activeOrderId).toBeNull();
    expect(errorCodes(await add(id, "LOADED"))).toEqual(["CONFLICT"]);
    const shippedId = take();
    await add(shippedId, "SHIPPED");
    await add(shippedId, "EXCEPTION");
    expect(errorCodes(await add(shippedId, "CANCELLED"))).toEqual(["CONFLICT"]);
  });

  it("refuses an event in the future and bad text with BAD_USER_INPUT, writing nothing", async () => {
    const id = take();
    const before = await snapshot(id);
    const cases: [Record<string, unknown>, string][] = [
      [{ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, "occurredAt"],
      [{ description: "   " }, "description"],
      [{ description: "x".repeat(501) }, "description"],
      [{ location: "y".repeat(201) }, "location"],
    ];
    for (const [extra, field] of cases) {
      const res = await add(id, "LOADED", extra);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(errorCodes(await add("bogus", "LOADED"))).toEqual(["BAD_USER_INPUT"]);
    expect(await snapshot(id)).toEqual(before);
  });

  it("answers NOT_FOUND for an unknown shipment", async () => {
    expect(errorCodes(await add("00000000-0000-4000-8000-000000000000", "LOADED"))).toEqual(["NOT_FOUND"]);
  });

  it("is for ADMIN, SUPERVISOR and OPERATOR only", async () => {
    const id = take();
    const before = await snapshot(id);
    for (const role of ["PICKER", "VIEWER", "PARTNER"] as const) {
      const res = await signedGql(subgraph.url, ADD, { input: { shipmentId: id, status: "LOADED", description: "x" } }, await tokenFor(role));
      expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
    }
    expect(errorCodes(await signedGql(subgraph.url, ADD, { input: { shipmentId: id, status: "LOADED", description: "x" } }))).toEqual(["UNAUTHENTICATED"]);
    expect(await snapshot(id)).toEqual(before);
    const ok = await signedGql(subgraph.url, ADD, { input: { shipmentId: id, status: "LOADED", description: "x" } }, await tokenFor("SUPERVISOR"));
    expect(ok.data?.addTrackingEvent.status).toBe("LOADED");
  });

  it("lets only one of two concurrent events move the same step", async () => {
    const id = take();
    const results = await Promise.all([add(id, "SHIPPED"), add(id, "SHIPPED")]);
    expect(results.map(errorCodes).sort()).toEqual([[], ["CONFLICT"]]);
    expect(await subgraph.prisma.trackingEvent.count({ where: { shipmentId: id, status: "SHIPPED" } })).toBe(1);
  });
});
