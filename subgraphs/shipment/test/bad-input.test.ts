import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@floorgraph/prisma/shipment";
import { refusals, signedGql, startTestSubgraph, type TestSubgraph, tokenFor } from "@floorgraph/testing";
import { shipmentService } from "../src/server.ts";
import { data } from "./fixtures.ts";

// Issue 11: strings no column can hold, impossible dates, out-of-range numbers and unknown enum
// values are BAD_USER_INPUT naming the field, refused before orders is asked and before any write.
let subgraph: TestSubgraph<PrismaClient>;
let operator: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(shipmentService, { seed: true });
  operator = await tokenFor("OPERATOR");
});
afterAll(() => subgraph?.stop());

const NUL = "\u0000";
const ADD = `mutation($input: TrackingEventInput!) { addTrackingEvent(input: $input) { id } }`;
const SHIP = `mutation($id: ID!) { shipShipment(id: $id) { id } }`;
const CREATE = `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { id } }`;

const labelled = data.shipments.find((s) => s.status === "LABELLED")!;
const event = (overrides: Record<string, unknown> = {}) => ({ input: { shipmentId: labelled.id, status: "LOADED", description: "on the truck", ...overrides } });
const parcel = { weightKg: 2, lengthCm: 30, widthCm: 20, heightCm: 10 };
const shipment = (overrides: Record<string, unknown> = {}) => ({
  input: { orderId: "00000000-0000-4000-8000-000000000000", carrierCode: "UPS", serviceLevelCode: "SAVER", packages: [parcel], ...overrides },
});

const snapshot = async () => {
  const p = subgraph.prisma;
  const s = await p.shipment.findUniqueOrThrow({ where: { id: labelled.id } });
  return { shipments: await p.shipment.count(), packages: await p.package.count(), events: await p.trackingEvent.count(), audits: await p.auditEntry.count(), status: s.status };
};

async function expectRefused(query: string, variables: Record<string, unknown>, field: string) {
  const before = await snapshot();
  const res = await signedGql(subgraph.url, query, variables, operator);
  expect(refusals(res), field).toEqual([{ code: "BAD_USER_INPUT", field }]);
  expect(await snapshot()).toEqual(before);
}

describe("shipment: bad input", () => {
  it("refuses a NUL byte in addTrackingEvent, shipShipment and createShipment, naming the field", async () => {
    await expectRefused(ADD, event({ description: `on the${NUL}truck` }), "input.description");
    await expectRefused(ADD, event({ location: `Dock${NUL}` }), "input.location");
    await expectRefused(ADD, event({ shipmentId: `${labelled.id}${NUL}` }), "input.shipmentId");
    await expectRefused(SHIP, { id: `${labelled.id}${NUL}` }, "id");
    await expectRefused(CREATE, shipment({ carrierCode: `UPS${NUL}` }), "input.carrierCode");
    await expectRefused(CREATE, shipment({ serviceLevelCode: `${NUL}` }), "input.serviceLevelCode");
  });

  it("refuses an impossible occurredAt, naming the field", async () => {
    for (const occurredAt of ["2024-02-30T10:00:00Z", "2023-13-01T10:00:00Z", "yesterday", "2024-01-01T10:61:00Z"]) {
      await expectRefused(ADD, event({ occurredAt }), "input.occurredAt");
    }
  });

  it("refuses out-of-range numbers, unknown statuses and over-long text", async () => {
    await expectRefused(CREATE, shipment({ packages: [{ ...parcel, lengthCm: 2 ** 31 }] }), "input.packages[0].lengthCm");
    await expectRefused(CREATE, shipment({ packages: [parcel, { ...parcel, weightKg: -2 }] }), "packages[1].weightKg");
    await expectRefused(CREATE, shipment({ packages: [{ ...parcel, weightKg: 1e300 }] }), "packages[0].weightKg");
    await expectRefused(ADD, event({ status: "LOST_AT_SEA" }), "input.status");
    await expectRefused(ADD, event({ description: "x".repeat(5000) }), "description");
    await expectRefused(ADD, event({ location: "x".repeat(5000) }), "location");
  });
});
