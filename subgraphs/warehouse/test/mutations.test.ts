import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIdentity, errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "../src/index.ts";
import { ams1, locationOf, rtm1, UNKNOWN_ID, zoneOf } from "./helpers.ts";

let subgraph: TestSubgraph<PrismaClient>;
let supervisor: string;
let admin: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(warehouseService, { seed: true });
  [supervisor, admin] = await Promise.all([tokenFor("SUPERVISOR"), tokenFor("ADMIN")]);
});
afterAll(() => subgraph?.stop());

const CREATE_WAREHOUSE = `mutation($input: CreateWarehouseInput!) { createWarehouse(input: $input) { id code name address timezone zones { id } locationCount } }`;
const CREATE_ZONE = `mutation($input: CreateZoneInput!) { createZone(input: $input) { id code name kind warehouse { code } locationCount } }`;
const CREATE_LOCATION = `mutation($input: CreateLocationInput!) {
  createLocation(input: $input) { id code type area aisle rack level bin capacity active zone { code } warehouse { code } }
}`;
const SET_ACTIVE = `mutation($id: ID!, $active: Boolean!) { setLocationActive(id: $id, active: $active) { id active } }`;

/** Row counts of every table, to prove a refused mutation wrote nothing. */
const snapshot = async () => ({
  warehouses: await subgraph.prisma.warehouse.count(),
  zones: await subgraph.prisma.zone.count(),
  locations: await subgraph.prisma.location.count(),
  audits: await subgraph.prisma.auditEntry.count(),
});

describe("createWarehouse", () => {
  it("creates a warehouse with a normalised code and audits it", async () => {
    const res = await signedGql(subgraph.url, CREATE_WAREHOUSE, { input: { code: " utr1 ", name: " Utrecht DC ", address: "Strijkviertel 1, Utrecht", timezone: "Europe/Amsterdam" } }, supervisor);
    expect(res.errors).toBeUndefined();
    expect(res.data?.createWarehouse).toMatchObject({ code: "UTR1", name: "Utrecht DC", zones: [], locationCount: 0 });
    const audit = await subgraph.prisma.auditEntry.findMany({ where: { subjectId: res.data?.createWarehouse.id } });
    expect(audit).toEqual([expect.objectContaining({ action: "warehouse.created", subjectType: "Warehouse", actorId: demoIdentity("SUPERVISOR").userId })]);
  });

  it("refuses a duplicate code with CONFLICT and writes nothing", async () => {
    const before = await snapshot();
    const res = await signedGql(subgraph.url, CREATE_WAREHOUSE, { input: { code: "ams1", name: "Again", address: "Somewhere", timezone: "Europe/Amsterdam" } }, admin);
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors?.[0]?.message).toContain("AMS1");
    expect(await snapshot()).toEqual(before);
  });

  it("validates code, names and time zone with BAD_USER_INPUT and writes nothing", async () => {
    const valid = { code: "EIN1", name: "Eindhoven", address: "Somewhere 1", timezone: "Europe/Amsterdam" };
    const before = await snapshot();
    for (const [field, value] of [["code", "x"], ["code", "has space"], ["name", "  "], ["address", ""], ["timezone", "Mars/Olympus_Mons"]] as const) {
      const res = await signedGql(subgraph.url, CREATE_WAREHOUSE, { input: { ...valid, [field]: value } }, admin);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("createZone", () => {
  it("creates a zone in a warehouse and audits it", async () => {
    const res = await signedGql(subgraph.url, CREATE_ZONE, { input: { warehouseId: rtm1.id, code: "frz", name: "Frozen", kind: "FROZEN" } }, supervisor);
    expect(res.data?.createZone).toMatchObject({ code: "FRZ", name: "Frozen", kind: "FROZEN", warehouse: { code: "RTM1" }, locationCount: 0 });
    expect(await subgraph.prisma.auditEntry.count({ where: { subjectId: res.data?.createZone.id, action: "zone.created" } })).toBe(1);
  });

  it("refuses a zone code the warehouse already has (CONFLICT), an unknown warehouse (NOT_FOUND) and bad input", async () => {
    const before = await snapshot();
    const duplicate = await signedGql(subgraph.url, CREATE_ZONE, { input: { warehouseId: ams1.id, code: "AMB", name: "Again", kind: "AMBIENT" } }, admin);
    expect(errorCodes(duplicate)).toEqual(["CONFLICT"]);
    const unknown = await signedGql(subgraph.url, CREATE_ZONE, { input: { warehouseId: UNKNOWN_ID, code: "NEW", name: "New", kind: "AMBIENT" } }, admin);
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);
    const malformed = await signedGql(subgraph.url, CREATE_ZONE, { input: { warehouseId: "AMS1", code: "NEW", name: "New", kind: "AMBIENT" } }, admin);
    expect(errorCodes(malformed)).toEqual(["BAD_USER_INPUT"]);
    expect(malformed.errors?.[0]?.extensions?.field).toBe("warehouseId");
    const badCode = await signedGql(subgraph.url, CREATE_ZONE, { input: { warehouseId: ams1.id, code: "no spaces", name: "New", kind: "AMBIENT" } }, admin);
    expect(badCode.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "code" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("createLocation", () => {
  const chilled = () => zoneOf(ams1.id, "CHL");

  it("derives area, aisle, rack, level and bin from the code and takes the zone's warehouse", async () => {
    const res = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: chilled().id, code: " c-05-01-3-b ", type: "PICK", capacity: 80 } }, supervisor);
    expect(res.errors).toBeUndefined();
    expect(res.data?.createLocation).toMatchObject({
      code: "C-05-01-3-B", type: "PICK", area: "C", aisle: "05", rack: "01", level: "3", bin: "B",
      capacity: 80, active: true, zone: { code: "CHL" }, warehouse: { code: "AMS1" },
    });
    const row = await subgraph.prisma.location.findUniqueOrThrow({ where: { id: res.data?.createLocation.id } });
    expect(row.warehouseId).toBe(ams1.id);
    expect(await subgraph.prisma.auditEntry.count({ where: { subjectId: row.id, action: "location.created" } })).toBe(1);
  });

  it("allows an unconstrained capacity and the same code in another warehouse", async () => {
    const res = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: zoneOf(rtm1.id, "CHL").id, code: "C-05-01-3-B", type: "RESERVE" } }, admin);
    expect(res.data?.createLocation).toMatchObject({ code: "C-05-01-3-B", capacity: null, warehouse: { code: "RTM1" } });
  });

  it("refuses a code its warehouse already has with CONFLICT and writes nothing", async () => {
    const before = await snapshot();
    const res = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: zoneOf(ams1.id, "BLK").id, code: "A-01-03-2-B", type: "RESERVE" } }, admin);
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors?.[0]?.message).toMatch(/AMS1.*A-01-03-2-B/);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses codes that are not area-aisle-rack-level-bin with BAD_USER_INPUT and writes nothing", async () => {
    const before = await snapshot();
    for (const code of ["", "A-01-03-2", "A-1-03-2-B", "A-01-03-2-B-7", "A_01_03_2_B", "1-01-03-2-B", "A-01-03-234-B", "A-01-03-2-BIN", "A-01-03-2-B; drop"]) {
      const res = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: chilled().id, code, type: "PICK" } }, admin);
      expect(errorCodes(res), code).toEqual(["BAD_USER_INPUT"]);
      expect(res.errors?.[0]?.extensions?.field).toBe("code");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an unknown zone (NOT_FOUND), a malformed zone id and a capacity below one", async () => {
    const before = await snapshot();
    const unknown = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: UNKNOWN_ID, code: "C-09-01-1-A", type: "PICK" } }, admin);
    expect(errorCodes(unknown)).toEqual(["NOT_FOUND"]);
    expect(unknown.errors?.[0]?.message).toContain(UNKNOWN_ID);
    const malformed = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: "CHL", code: "C-09-01-1-A", type: "PICK" } }, admin);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "zoneId" });
    const capacity = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: chilled().id, code: "C-09-01-1-A", type: "PICK", capacity: 0 } }, admin);
    expect(capacity.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "capacity" });
    expect(await snapshot()).toEqual(before);
  });
});

describe("atomic audit", () => {
  it("writes the location and its audit entry together: when the audit fails, no location remains", async () => {
    // An actor id the audit table cannot store makes the second write of the transaction fail.
    const broken = await tokenFor("ADMIN", { userId: "not-a-uuid" });
    const before = await snapshot();
    const res = await signedGql(subgraph.url, CREATE_LOCATION, { input: { zoneId: zoneOf(ams1.id, "BLK").id, code: "B-77-01-1-A", type: "RESERVE" } }, broken);
    expect(errorCodes(res)).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(JSON.stringify(res.errors)).not.toMatch(/prisma|uuid|sql/i);
    expect(await subgraph.prisma.location.findFirst({ where: { code: "B-77-01-1-A" } })).toBeNull();
    expect(await snapshot()).toEqual(before);
  });
});

describe("setLocationActive", () => {
  it("deactivates and reactivates a location, auditing each change", async () => {
    const target = locationOf(rtm1.id, "A-02-02-2-A");
    const off = await signedGql(subgraph.url, SET_ACTIVE, { id: target.id, active: false }, supervisor);
    expect(off.data?.setLocationActive).toEqual({ id: target.id, active: false });
    expect((await subgraph.prisma.location.findUniqueOrThrow({ where: { id: target.id } })).active).toBe(false);
    const on = await signedGql(subgraph.url, SET_ACTIVE, { id: target.id, active: true }, supervisor);
    expect(on.data?.setLocationActive.active).toBe(true);
    const actions = (await subgraph.prisma.auditEntry.findMany({ where: { subjectId: target.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["location.deactivated", "location.activated"]);
  });

  it("does nothing (and audits nothing) when the location is already in that state", async () => {
    const target = locationOf(rtm1.id, "A-02-02-3-A");
    const res = await signedGql(subgraph.url, SET_ACTIVE, { id: target.id, active: true }, supervisor);
    expect(res.data?.setLocationActive.active).toBe(true);
    expect(await subgraph.prisma.auditEntry.count({ where: { subjectId: target.id } })).toBe(0);
  });

  it("answers NOT_FOUND for an unknown location and BAD_USER_INPUT for a malformed id", async () => {
    const before = await snapshot();
    expect(errorCodes(await signedGql(subgraph.url, SET_ACTIVE, { id: UNKNOWN_ID, active: false }, admin))).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await signedGql(subgraph.url, SET_ACTIVE, { id: "A-01-01-1-A", active: false }, admin))).toEqual(["BAD_USER_INPUT"]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("who may change the layout", () => {
  it("forbids every role but ADMIN and SUPERVISOR, and anonymous callers, writing nothing", async () => {
    const before = await snapshot();
    const target = locationOf(ams1.id, "A-01-01-1-A");
    const attempts = [
      [CREATE_WAREHOUSE, { input: { code: "XXX1", name: "X", address: "X", timezone: "UTC" } }],
      [CREATE_ZONE, { input: { warehouseId: ams1.id, code: "XXX", name: "X", kind: "AMBIENT" } }],
      [CREATE_LOCATION, { input: { zoneId: zoneOf(ams1.id, "AMB").id, code: "A-99-01-1-A", type: "PICK" } }],
      [SET_ACTIVE, { id: target.id, active: false }],
    ] as const;
    for (const role of ["OPERATOR", "PICKER", "VIEWER", "PARTNER"] as const) {
      const token = await tokenFor(role);
      for (const [mutation, variables] of attempts) expect(errorCodes(await signedGql(subgraph.url, mutation, variables, token))).toEqual(["FORBIDDEN"]);
    }
    for (const [mutation, variables] of attempts) expect(errorCodes(await signedGql(subgraph.url, mutation, variables))).toEqual(["UNAUTHENTICATED"]);
    expect(await snapshot()).toEqual(before);
    expect((await subgraph.prisma.location.findUniqueOrThrow({ where: { id: target.id } })).active).toBe(true);
  });
});
