import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusals, signedGql, startTestSubgraph, type TestSubgraph, tokenFor } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "../src/index.ts";
import { ams1, UNKNOWN_ID, zoneOf } from "./helpers.ts";

// Issue 11: strings no column can hold, out-of-range numbers, unknown enum values and over-long
// text are BAD_USER_INPUT naming the field, and nothing is written.
let subgraph: TestSubgraph<PrismaClient>;
let admin: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(warehouseService, { seed: true });
  admin = await tokenFor("ADMIN");
});
afterAll(() => subgraph?.stop());

const NUL = "\u0000";
const CREATE_WAREHOUSE = `mutation($input: CreateWarehouseInput!) { createWarehouse(input: $input) { id } }`;
const CREATE_ZONE = `mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }`;
const CREATE_LOCATION = `mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`;
const CONFIRM_PICK = `mutation($taskId: ID!, $quantity: Int!, $toteId: String!) { confirmPick(taskId: $taskId, quantity: $quantity, toteId: $toteId) { id } }`;
const CONFIRM_PACK = `mutation($orderId: ID!, $packages: [PackedPackageInput!]!) { confirmPack(orderId: $orderId, packages: $packages) { id } }`;

const snapshot = async () => {
  const p = subgraph.prisma;
  return { warehouses: await p.warehouse.count(), zones: await p.zone.count(), locations: await p.location.count(), tasks: await p.pickTask.count(), picked: await p.pickTask.count({ where: { pickedAt: { not: null } } }), audits: await p.auditEntry.count(), outbox: await p.outboxEvent.count() };
};

async function expectRefused(query: string, variables: Record<string, unknown>, field: string) {
  const before = await snapshot();
  const res = await signedGql(subgraph.url, query, variables, admin);
  expect(refusals(res), field).toEqual([{ code: "BAD_USER_INPUT", field }]);
  expect(await snapshot()).toEqual(before);
}

const warehouse = (overrides: Record<string, unknown> = {}) => ({ input: { code: "BAD1", name: "Bad DC", address: "Street 1", timezone: "Europe/Amsterdam", ...overrides } });
const zone = (overrides: Record<string, unknown> = {}) => ({ input: { warehouseId: ams1.id, code: "BADZ", name: "Bad zone", kind: "AMBIENT", ...overrides } });
const location = (overrides: Record<string, unknown> = {}) => ({ input: { zoneId: zoneOf(ams1.id, "CHL").id, code: "C-09-01-1-A", type: "PICK", ...overrides } });
const parcel = { weightKg: 2, lengthCm: 30, widthCm: 20, heightCm: 10 };

describe("warehouse: bad input", () => {
  it("refuses a NUL byte in every text argument, naming the field", async () => {
    const task = await subgraph.prisma.pickTask.findFirst({ where: { status: "RELEASED" } });
    await expectRefused(CREATE_WAREHOUSE, warehouse({ code: `B${NUL}D` }), "input.code");
    await expectRefused(CREATE_WAREHOUSE, warehouse({ name: `Bad${NUL}` }), "input.name");
    await expectRefused(CREATE_WAREHOUSE, warehouse({ address: `${NUL}` }), "input.address");
    await expectRefused(CREATE_WAREHOUSE, warehouse({ timezone: `Europe/Amsterdam${NUL}` }), "input.timezone");
    await expectRefused(CREATE_ZONE, zone({ name: `Z${NUL}` }), "input.name");
    await expectRefused(CREATE_LOCATION, location({ code: `A-01${NUL}` }), "input.code");
    await expectRefused(CONFIRM_PICK, { taskId: task?.id ?? UNKNOWN_ID, quantity: 1, toteId: `T-1${NUL}` }, "toteId");
  });

  it("refuses out-of-range numbers and unknown enum values", async () => {
    await expectRefused(CREATE_LOCATION, location({ capacity: 2 ** 31 }), "input.capacity");
    await expectRefused(CREATE_LOCATION, location({ capacity: -1 }), "capacity");
    await expectRefused(CREATE_LOCATION, location({ type: "ATTIC" }), "input.type");
    await expectRefused(CREATE_ZONE, zone({ kind: "BASEMENT" }), "input.kind");
    await expectRefused(CONFIRM_PICK, { taskId: UNKNOWN_ID, quantity: -1, toteId: "T-1" }, "quantity");
    await expectRefused(CONFIRM_PACK, { orderId: UNKNOWN_ID, packages: [parcel, { ...parcel, weightKg: 1e300 }] }, "packages[1].weightKg");
    await expectRefused(CONFIRM_PACK, { orderId: UNKNOWN_ID, packages: [{ ...parcel, heightCm: -3 }] }, "packages[0].heightCm");
  });

  it("refuses over-long text", async () => {
    await expectRefused(CREATE_WAREHOUSE, warehouse({ name: "x".repeat(201) }), "name");
    await expectRefused(CREATE_WAREHOUSE, warehouse({ address: "x".repeat(201) }), "address");
    await expectRefused(CREATE_ZONE, zone({ name: "x".repeat(201) }), "name");
    await expectRefused(CONFIRM_PICK, { taskId: UNKNOWN_ID, quantity: 1, toteId: "T".repeat(33) }, "toteId");
  });
});
