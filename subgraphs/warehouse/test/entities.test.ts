import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCounter } from "@floorgraph/db";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "../src/index.ts";
import { ams1, demo, locationOf, rtm1, UNKNOWN_ID, zoneOf } from "./helpers.ts";

const counter = new QueryCounter();
let subgraph: TestSubgraph<PrismaClient>;
let token: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(warehouseService, { seed: true, counter });
  token = await tokenFor("OPERATOR");
});
afterAll(() => subgraph?.stop());

// What the inventory subgraph asks for each stock item's location, as the gateway would send it.
const LOCATION_ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Location { id code zone { name } warehouse { code } } }
}`;
const ref = (id: string) => ({ __typename: "Location", id });

/** Runs one operation and returns its response with the number of SQL statements it cost. */
async function measured(query: string, variables: Record<string, unknown>) {
  counter.reset();
  const response = await signedGql(subgraph.url, query, variables, token);
  return { response, statements: counter.count };
}

describe("reference resolution", () => {
  it("resolves Warehouse, Zone and Location references by id", async () => {
    const location = locationOf(rtm1.id, "D-01-04-1-A");
    const res = await signedGql(
      subgraph.url,
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Warehouse { code } ... on Zone { code kind } ... on Location { code type zone { code } warehouse { code } }
      } }`,
      { r: [{ __typename: "Warehouse", id: ams1.id }, { __typename: "Zone", id: zoneOf(rtm1.id, "SRT").id }, ref(location.id)] },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { code: "AMS1" },
      { code: "SRT", kind: "AUTOMATED" },
      { code: "D-01-04-1-A", type: "DOCK", zone: { code: "DCK" }, warehouse: { code: "RTM1" } },
    ]);
  });

  it("resolves unknown and malformed ids to null, in position", async () => {
    const known = demo.locations[0]!;
    const res = await signedGql(subgraph.url, LOCATION_ENTITIES, { representations: [ref(UNKNOWN_ID), ref(known.id), ref("A-01-01-1-A")] }, token);
    expect(res.data?._entities.map((e: { id: string } | null) => e?.id ?? null)).toEqual([null, known.id, null]);
  });

  it("lets partners resolve references (the layout is not partner-owned) but not anonymous callers", async () => {
    const known = demo.locations[7]!;
    const partner = await signedGql(subgraph.url, LOCATION_ENTITIES, { representations: [ref(known.id)] }, await tokenFor("PARTNER"));
    expect(partner.data?._entities[0].code).toBe(known.code);
    const anonymous = await signedGql(subgraph.url, LOCATION_ENTITIES, { representations: [ref(known.id)] });
    expect(errorCodes(anonymous)).toContain("UNAUTHENTICATED");
    expect(anonymous.data?._entities?.[0] ?? null).toBeNull();
  });
});

describe("batching: the statement count does not grow with the number of items", () => {
  // Spread over both warehouses and many zones, so the batches really hold different keys.
  const sample = (n: number) => Array.from({ length: n }, (_, i) => demo.locations[Math.floor((i * demo.locations.length) / n)]!);

  it("5 vs 50 Location references asking zone { name } warehouse { code }", async () => {
    const five = await measured(LOCATION_ENTITIES, { representations: sample(5).map((l) => ref(l.id)) });
    const fifty = await measured(LOCATION_ENTITIES, { representations: sample(50).map((l) => ref(l.id)) });
    expect(five.response.errors).toBeUndefined();
    expect(fifty.response.data?._entities).toHaveLength(50);
    const zoneName = new Map(demo.zones.map((z) => [z.id, z.name]));
    const warehouseCode = new Map(demo.warehouses.map((w) => [w.id, w.code]));
    expect(fifty.response.data?._entities).toEqual(
      sample(50).map((l) => ({ id: l.id, code: l.code, zone: { name: zoneName.get(l.zoneId) }, warehouse: { code: warehouseCode.get(l.warehouseId) } })),
    );
    expect(five.statements).toBeGreaterThan(0);
    expect(fifty.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(3);
  });

  it("5 vs 50 Zone and Warehouse references with counts", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Zone { code locationCount warehouse { code locationCount } } ... on Warehouse { code zones { code } }
    } }`;
    const refs = (n: number) => [
      ...Array.from({ length: n }, (_, i) => ({ __typename: "Zone", id: demo.zones[i % demo.zones.length]!.id })),
      { __typename: "Warehouse", id: rtm1.id },
    ];
    const few = await measured(query, { r: refs(5) });
    const many = await measured(query, { r: refs(50) });
    expect(many.response.errors).toBeUndefined();
    expect(many.response.data?._entities[0]).toEqual({ code: "AMB", locationCount: 1600, warehouse: { code: "AMS1", locationCount: 2484 } });
    expect(few.statements).toBeGreaterThan(0);
    expect(many.statements).toBe(few.statements);
    expect(many.statements).toBeLessThanOrEqual(6);
  });

  it("a location list of 5 vs 50 with zone and warehouse", async () => {
    const query = `query($first: Int) { locations(type: PICK, first: $first) { code zone { name locationCount } warehouse { code } } }`;
    const five = await measured(query, { first: 5 });
    const fifty = await measured(query, { first: 50 });
    expect(fifty.response.data?.locations).toHaveLength(50);
    expect(five.statements).toBeGreaterThan(0);
    expect(fifty.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(4);
  });

  it("nested zone location pages: 2 vs 20 locations per zone across all zones", async () => {
    const query = `query($first: Int) { warehouses { zones { code locations(first: $first, type: PICK) { code type capacity active level zone { code } warehouse { code } } } } }`;
    const small = await measured(query, { first: 2 });
    const large = await measured(query, { first: 20 });
    expect(large.response.errors).toBeUndefined();
    const zones = large.response.data?.warehouses.flatMap((w: { zones: unknown[] }) => w.zones);
    const amb = zones.find((z: { code: string }) => z.code === "AMB");
    expect(amb.locations).toHaveLength(20);
    expect(amb.locations[0]).toEqual({ code: "A-01-01-1-A", type: "PICK", capacity: 200, active: true, level: "1", zone: { code: "AMB" }, warehouse: { code: "AMS1" } });
    expect(zones.find((z: { code: string }) => z.code === "BLK").locations).toEqual([]);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(5);
  });
});
