import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, PROTECTED, probeSubgraphProtection, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "../src/index.ts";
import { ams1, demo, locationOf, rtm1, sortedCodes, UNKNOWN_ID, zoneOf } from "./helpers.ts";

let subgraph: TestSubgraph<PrismaClient>;
let viewer: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(warehouseService, { seed: true });
  viewer = await tokenFor("VIEWER");
});
afterAll(() => subgraph?.stop());

describe("seed", () => {
  it("writes the demo layout once, with the dataset's ids", async () => {
    expect(await subgraph.prisma.location.count()).toBe(demo.locations.length);
    expect(await subgraph.prisma.zone.count()).toBe(demo.zones.length);
    const sample = locationOf(rtm1.id, "B-05-07-3-A");
    expect(await subgraph.prisma.location.findUnique({ where: { id: sample.id } })).toMatchObject({ code: "B-05-07-3-A", zoneId: sample.zoneId });
  });
});

describe("warehouses", () => {
  it("lists warehouses by code with zones and counts from the same layout", async () => {
    const res = await signedGql(subgraph.url, `{ warehouses { id code timezone locationCount zones { code locationCount } } }`, {}, viewer);
    expect(res.errors).toBeUndefined();
    expect(res.data?.warehouses.map((w: { code: string }) => w.code)).toEqual(["AMS1", "RTM1"]);
    const [first] = res.data?.warehouses;
    expect(first.id).toBe(ams1.id);
    expect(first.timezone).toBe("Europe/Amsterdam");
    expect(first.locationCount).toBe(demo.locations.filter((l) => l.warehouseId === ams1.id).length);
    expect(first.zones.map((z: { code: string }) => z.code)).toEqual(["AMB", "BLK", "CHL", "DCK", "INB", "OUT", "PCK", "SRT"]);
    expect(first.zones.find((z: { code: string }) => z.code === "AMB").locationCount).toBe(1600);
    expect(first.zones.reduce((sum: number, z: { locationCount: number }) => sum + z.locationCount, 0)).toBe(first.locationCount);
  });

  it("pages warehouses after the last id seen", async () => {
    const res = await signedGql(subgraph.url, `query($after: ID) { warehouses(first: 1, after: $after) { code } }`, { after: ams1.id }, viewer);
    expect(res.data?.warehouses).toEqual([{ code: "RTM1" }]);
  });

  it("finds a warehouse by id or by code (any case), null when unknown", async () => {
    const q = `query($id: ID, $code: String) { warehouse(id: $id, code: $code) { id code } }`;
    expect((await signedGql(subgraph.url, q, { id: rtm1.id }, viewer)).data?.warehouse).toEqual({ id: rtm1.id, code: "RTM1" });
    expect((await signedGql(subgraph.url, q, { code: " rtm1 " }, viewer)).data?.warehouse).toEqual({ id: rtm1.id, code: "RTM1" });
    expect((await signedGql(subgraph.url, q, { code: "NOPE" }, viewer)).data?.warehouse).toBeNull();
    expect((await signedGql(subgraph.url, q, { id: UNKNOWN_ID }, viewer)).data?.warehouse).toBeNull();
  });

  it("wants exactly one of id and code", async () => {
    const q = `query($id: ID, $code: String) { warehouse(id: $id, code: $code) { id } }`;
    const both = await signedGql(subgraph.url, q, { id: ams1.id, code: "AMS1" }, viewer);
    const neither = await signedGql(subgraph.url, q, {}, viewer);
    expect(errorCodes(both)).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(neither)).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await signedGql(subgraph.url, q, { id: "AMS1" }, viewer))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("zones and locations", () => {
  it("reads a zone with its warehouse", async () => {
    const chilled = zoneOf(ams1.id, "CHL");
    const res = await signedGql(subgraph.url, `query($id: ID!) { zone(id: $id) { code name kind warehouse { code } locationCount } }`, { id: chilled.id }, viewer);
    expect(res.data?.zone).toEqual({ code: "CHL", name: "Chilled", kind: "CHILLED", warehouse: { code: "AMS1" }, locationCount: 320 });
    expect((await signedGql(subgraph.url, `query($id: ID!) { zone(id: $id) { id } }`, { id: UNKNOWN_ID }, viewer)).data?.zone).toBeNull();
  });

  it("reads a location with the parts of its code", async () => {
    const target = locationOf(ams1.id, "A-01-03-2-B");
    const res = await signedGql(
      subgraph.url,
      `query($id: ID!) { location(id: $id) { code type area aisle rack level bin capacity active zone { code } warehouse { code } } }`,
      { id: target.id },
      viewer,
    );
    expect(res.data?.location).toEqual({
      code: "A-01-03-2-B", type: "PICK", area: "A", aisle: "01", rack: "03", level: "2", bin: "B",
      capacity: 200, active: true, zone: { code: "AMB" }, warehouse: { code: "AMS1" },
    });
    expect(errorCodes(await signedGql(subgraph.url, `{ location(id: "A-01-03-2-B") { id } }`, {}, viewer))).toEqual(["BAD_USER_INPUT"]);
  });

  it("finds a location by its code within a warehouse", async () => {
    const q = `query($w: String!, $c: String!) { locationByCode(warehouseCode: $w, code: $c) { id warehouse { code } } }`;
    const res = await signedGql(subgraph.url, q, { w: "rtm1", c: "s-01-05-1-a" }, viewer);
    expect(res.data?.locationByCode).toEqual({ id: locationOf(rtm1.id, "S-01-05-1-A").id, warehouse: { code: "RTM1" } });
    expect((await signedGql(subgraph.url, q, { w: "RTM1", c: "Z-99-99-9-Z" }, viewer)).data?.locationByCode).toBeNull();
  });

  it("pages locations by code with a keyset cursor: two pages equal one long page", async () => {
    const q = `query($first: Int, $after: ID) { locations(warehouseCode: "AMS1", type: RESERVE, first: $first, after: $after) { id code } }`;
    const long = (await signedGql(subgraph.url, q, { first: 20 }, viewer)).data?.locations;
    const page1 = (await signedGql(subgraph.url, q, { first: 10 }, viewer)).data?.locations;
    const page2 = (await signedGql(subgraph.url, q, { first: 10, after: page1.at(-1).id }, viewer)).data?.locations;
    const expected = sortedCodes(demo.locations.filter((l) => l.warehouseId === ams1.id && l.type === "RESERVE")).slice(0, 20);
    expect(long.map((l: { code: string }) => l.code)).toEqual(expected);
    expect([...page1, ...page2]).toEqual(long);
  });

  it("keeps pages apart when codes repeat across warehouses (order by code, then id)", async () => {
    const q = `query($after: ID) { locations(type: CHUTE, first: 3, after: $after) { id code warehouse { code } } }`;
    const page1 = (await signedGql(subgraph.url, q, {}, viewer)).data?.locations;
    const page2 = (await signedGql(subgraph.url, q, { after: page1.at(-1).id }, viewer)).data?.locations;
    const all = [...page1, ...page2];
    expect(new Set(all.map((l: { id: string }) => l.id)).size).toBe(6);
    expect(all.map((l: { code: string }) => l.code)).toEqual(["S-01-01-1-A", "S-01-01-1-A", "S-01-02-1-A", "S-01-02-1-A", "S-01-03-1-A", "S-01-03-1-A"]);
  });

  it("filters locations by zone and type", async () => {
    const docks = zoneOf(rtm1.id, "DCK");
    const res = await signedGql(subgraph.url, `query($z: ID!) { locations(zoneId: $z, type: DOCK, first: 200) { code type } }`, { z: docks.id }, viewer);
    expect(res.data?.locations).toHaveLength(10);
    expect(res.data?.locations.every((l: { code: string; type: string }) => l.type === "DOCK" && l.code.startsWith("D-01-"))).toBe(true);
  });

  it("pages a zone's and a warehouse's own locations", async () => {
    const amb = zoneOf(ams1.id, "AMB");
    const q = `query($z: ID!, $after: ID) {
      zone(id: $z) { locations(first: 3, after: $after) { id code } }
      warehouse(code: "AMS1") { locations(first: 2, zoneId: $z, type: PICK) { code } docks: locations(first: 2, type: DOCK) { code } }
    }`;
    const first = await signedGql(subgraph.url, q, { z: amb.id }, viewer);
    expect(first.errors).toBeUndefined();
    expect(first.data?.zone.locations.map((l: { code: string }) => l.code)).toEqual(["A-01-01-1-A", "A-01-01-1-B", "A-01-01-2-A"]);
    expect(first.data?.warehouse.locations).toEqual([{ code: "A-01-01-1-A" }, { code: "A-01-01-1-B" }]);
    expect(first.data?.warehouse.docks).toEqual([{ code: "D-01-01-1-A" }, { code: "D-01-02-1-A" }]);
    const next = await signedGql(subgraph.url, q, { z: amb.id, after: first.data?.zone.locations[2].id }, viewer);
    expect(next.data?.zone.locations.map((l: { code: string }) => l.code)).toEqual(["A-01-01-2-B", "A-01-01-3-A", "A-01-01-3-B"]);
  });

  it("bounds every list", async () => {
    for (const query of [`{ locations(first: 201) { id } }`, `{ locations(first: 0) { id } }`, `{ warehouses(first: 500) { id } }`, `{ warehouses(first: 1) { zones { locations(first: 1000) { id } } } }`]) {
      // (One warehouse: fifty, each with 50 zones of 1,000 locations, would be over the cost limit first.)
      const res = await signedGql(subgraph.url, query, {}, viewer);
      expect(errorCodes(res)[0]).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.extensions?.field).toBe("first");
    }
  });

  it("rejects a malformed cursor or zone id", async () => {
    expect(errorCodes(await signedGql(subgraph.url, `{ locations(after: "x") { id } }`, {}, viewer))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await signedGql(subgraph.url, `{ locations(zoneId: "x") { id } }`, {}, viewer))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("who may read", () => {
  const QUERY = `{ warehouses { code } locations(first: 1) { code } }`;

  it("lets every role, partners and partner API keys read the layout", async () => {
    for (const role of ["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "PARTNER", "VIEWER"] as const) {
      const res = await signedGql(subgraph.url, QUERY, {}, await tokenFor(role));
      expect(res.errors).toBeUndefined();
      expect(res.data?.warehouses).toHaveLength(2);
    }
    const apiKey = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    expect((await signedGql(subgraph.url, QUERY, {}, apiKey)).data?.warehouses).toHaveLength(2);
  });

  it("refuses anonymous callers and bad tokens", async () => {
    expect(errorCodes(await signedGql(subgraph.url, QUERY))).toContain("UNAUTHENTICATED");
    expect((await signedGql(subgraph.url, QUERY)).data).toBeNull();
    expect(errorCodes(await signedGql(subgraph.url, QUERY, {}, await tokenFor("ADMIN", {}, -10)))).toContain("UNAUTHENTICATED");
    expect(errorCodes(await signedGql(subgraph.url, QUERY, {}, "not-a-jwt"))).toContain("UNAUTHENTICATED");
  });
});

describe("as if the gateway were not there", () => {
  it("answers only signed requests (401 JSON otherwise, introspection and _service included) and keeps /health open", async () => {
    expect(await probeSubgraphProtection(subgraph.url)).toEqual(PROTECTED);
  });
});
