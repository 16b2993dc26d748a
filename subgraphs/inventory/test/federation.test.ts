import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCounter } from "@floorgraph/db";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import { inventoryService } from "../src/server.ts";
import { demo, UNKNOWN_ID } from "./helpers.ts";

const counter = new QueryCounter();
let inv: TestSubgraph<PrismaClient>;
let operator: string;
beforeAll(async () => {
  inv = await startTestSubgraph(inventoryService, { seed: true, counter });
  operator = await tokenFor("OPERATOR");
}, 60_000);
afterAll(() => inv?.stop());

const SKU_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Sku { code totalAvailable totalOnHand belowReorderPoint stock { quantity lot location { id } sku { code } } } } }`;
const LOCATION_ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Location { id stock { quantity available sku { code totalAvailable } } } } }`;

/** SQL statements one request costs, counted from Prisma's query events. */
async function statementsFor(query: string, variables: Record<string, unknown>) {
  counter.reset();
  const res = await signedGql(inv.url, query, variables, operator);
  expect(res.errors).toBeUndefined();
  return { count: counter.count, res };
}

const skuReps = (n: number) => demo.skus.slice(100, 100 + n).map((s) => ({ __typename: "Sku", code: s.code }));
const stockedLocations = [...new Set(demo.stock.map((s) => s.locationId))];
const locationReps = (n: number) => stockedLocations.slice(0, n).map((id) => ({ __typename: "Location", id }));

describe("reference resolution", () => {
  it("resolves Sku references by code in order, null for unknown codes", async () => {
    const reps = [{ __typename: "Sku", code: "SKU-00042" }, { __typename: "Sku", code: "GONE-404" }, { __typename: "Sku", code: "sku-00002" }];
    const res = await signedGql(inv.url, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Sku { id code } } }`, { reps }, operator);
    expect(res.data?._entities).toEqual([
      { id: demo.skus[41]!.id, code: "SKU-00042" },
      null,
      { id: demo.skus[1]!.id, code: "SKU-00002" },
    ]);
  });

  it("adds stock to Location references and answers [] for a location without stock or a malformed id", async () => {
    const held = demo.stock[0]!;
    const reps = [{ __typename: "Location", id: held.locationId }, { __typename: "Location", id: UNKNOWN_ID }, { __typename: "Location", id: "nope" }];
    const res = await signedGql(inv.url, LOCATION_ENTITIES, { reps }, operator);
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities[0].stock.map((s: { sku: { code: string } }) => s.sku.code)).toContain(held.skuCode);
    expect(res.data?._entities[1]).toEqual({ id: UNKNOWN_ID, stock: [] });
    expect(res.data?._entities[2]).toEqual({ id: "nope", stock: [] });
  });

  it("requires a reader for entity resolution", async () => {
    const reps = [{ __typename: "Sku", code: "SKU-00001" }];
    expect(errorCodes(await signedGql(inv.url, SKU_ENTITIES, { reps }))).toEqual(["UNAUTHENTICATED"]);
    const keyWithoutScope = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    expect(errorCodes(await signedGql(inv.url, SKU_ENTITIES, { reps }, keyWithoutScope))).toEqual(["FORBIDDEN"]);
    const locationReps = [{ __typename: "Location", id: UNKNOWN_ID }];
    expect(errorCodes(await signedGql(inv.url, LOCATION_ENTITIES, { reps: locationReps }, keyWithoutScope))).toEqual(["FORBIDDEN"]);
  });
});

describe("batching (no N+1)", () => {
  it("resolves 5 or 50 Sku references with totals and stock in the same number of statements", async () => {
    const five = await statementsFor(SKU_ENTITIES, { reps: skuReps(5) });
    const fifty = await statementsFor(SKU_ENTITIES, { reps: skuReps(50) });
    expect(fifty.res.data?._entities).toHaveLength(50);
    expect(fifty.res.data?._entities.every((s: { code: string } | null) => s !== null)).toBe(true);
    // One statement for the SKUs by code, one for their stock (totals derive from it).
    expect(five.count).toBe(2);
    expect(fifty.count).toBe(five.count);
  });

  it("resolves 5 or 50 Location references with stock, SKUs and totals in the same number of statements", async () => {
    const five = await statementsFor(LOCATION_ENTITIES, { reps: locationReps(5) });
    const fifty = await statementsFor(LOCATION_ENTITIES, { reps: locationReps(50) });
    expect(fifty.res.data?._entities.every((l: { stock: unknown[] }) => l.stock.length > 0)).toBe(true);
    // Stock by location, SKUs by id, stock of those SKUs.
    expect(five.count).toBe(3);
    expect(fifty.count).toBe(five.count);
  });

  it("lists 5 or 50 SKUs with stock, totals and adjustments in the same number of statements", async () => {
    const LIST = `query($first: Int) { skus(first: $first) { code totalReserved belowReorderPoint stock { available } adjustments(first: 3) { delta actor { id } sku { code } } } }`;
    const five = await statementsFor(LIST, { first: 5 });
    const fifty = await statementsFor(LIST, { first: 50 });
    expect(fifty.res.data?.skus).toHaveLength(50);
    expect(fifty.res.data?.skus.every((s: { adjustments: unknown[] }) => s.adjustments.length > 0 && s.adjustments.length <= 3)).toBe(true);
    // The page (SKUs primed into the loaders), their stock, their newest adjustments.
    expect(five.count).toBe(3);
    expect(fifty.count).toBe(five.count);
  });

  it("answers skusByCodes for 5 or 50 codes in the same number of statements", async () => {
    const query = `query($codes: [String!]!) { skusByCodes(codes: $codes) { code totalAvailable stock { quantity } } }`;
    const five = await statementsFor(query, { codes: skuReps(5).map((r) => r.code) });
    const fifty = await statementsFor(query, { codes: skuReps(50).map((r) => r.code) });
    expect(fifty.res.data?.skusByCodes).toHaveLength(50);
    expect(five.count).toBe(2);
    expect(fifty.count).toBe(five.count);
  });
});
