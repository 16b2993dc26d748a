import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, PROTECTED, probeSubgraphProtection, signedGql, startTestSubgraph, tokenFor, type GraphQLResponse, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import { inventoryService } from "../src/server.ts";
import { demo, locationByCode, skuOf, STOCK_ITEM, UNKNOWN_ID } from "./helpers.ts";

let inv: TestSubgraph<PrismaClient>;
let viewer: string;
beforeAll(async () => {
  inv = await startTestSubgraph(inventoryService, { seed: true });
  viewer = await tokenFor("VIEWER");
}, 60_000);
afterAll(() => inv?.stop());

/** Totals per SKU computed from the demo data set itself, independently of the service. */
const totals = new Map<string, { onHand: number; reserved: number }>();
for (const s of demo.stock) {
  const t = totals.get(s.skuCode) ?? { onHand: 0, reserved: 0 };
  t.onHand += s.quantity;
  t.reserved += s.reserved;
  totals.set(s.skuCode, t);
}
const availableOf = (code: string) => (totals.get(code)?.onHand ?? 0) - (totals.get(code)?.reserved ?? 0);
const isBelow = (code: string) => availableOf(code) <= skuOf(code).reorderPoint;
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("sku", () => {
  const reservedSku = demo.skus.find((s) => (totals.get(s.code)?.reserved ?? 0) > 0 && demo.stock.filter((x) => x.skuCode === s.code).length > 1)!;

  it("returns a SKU with totals summed over its stock, largest stock first", async () => {
    const res = await signedGql(inv.url, `query($code: String!) { sku(code: $code) { id code name unit abcClass reorderPoint totalOnHand totalReserved totalAvailable belowReorderPoint stock { quantity reserved available } } }`, { code: reservedSku.code }, viewer);
    expect(res.errors).toBeUndefined();
    const sku = res.data?.sku;
    const t = totals.get(reservedSku.code)!;
    expect(sku).toMatchObject({ id: reservedSku.id, code: reservedSku.code, name: reservedSku.name, totalOnHand: t.onHand, totalReserved: t.reserved });
    expect(t.reserved).toBeGreaterThan(0);
    expect(sku.totalAvailable).toBe(t.onHand - t.reserved);
    expect(sku.belowReorderPoint).toBe(isBelow(reservedSku.code));
    const quantities = sku.stock.map((s: { quantity: number }) => s.quantity);
    expect(quantities).toEqual([...quantities].sort((a, b) => b - a));
    for (const s of sku.stock) expect(s.available).toBe(s.quantity - s.reserved);
  });

  it("finds a code in any case and answers null for an unknown one", async () => {
    const res = await signedGql(inv.url, `{ a: sku(code: " sku-00007 ") { code } b: sku(code: "NOPE-1") { code } }`, {}, viewer);
    expect(res.data).toEqual({ a: { code: "SKU-00007" }, b: null });
  });

  it("shows lots and expiry dates of lot-tracked SKUs and null lots otherwise", async () => {
    const lotted = demo.stock.find((s) => s.lot)!;
    const plain = demo.stock.find((s) => !s.lot)!;
    const res = await signedGql(inv.url, `query($a: String!, $b: String!) { a: sku(code: $a) { lotTracked stock { lot expiresOn } } b: sku(code: $b) { lotTracked stock { lot expiresOn } } }`, { a: lotted.skuCode, b: plain.skuCode }, viewer);
    expect(res.data?.a.lotTracked).toBe(true);
    expect(res.data?.a.stock).toContainEqual({ lot: lotted.lot, expiresOn: lotted.expiresOn });
    expect(res.data?.b.lotTracked).toBe(false);
    expect(res.data?.b.stock.every((s: { lot: unknown; expiresOn: unknown }) => s.lot === null && s.expiresOn === null)).toBe(true);
  });

  it("lists adjustments newest first, limited by first, with the actor as a user reference", async () => {
    const code = reservedSku.code;
    const res = await signedGql(inv.url, `query($code: String!) { sku(code: $code) { adjustments(first: 1) { delta quantityAfter reason note actor { id } sku { code } location { id } } all: adjustments { id } } }`, { code }, viewer);
    const admin = demo.users.find((u) => u.role === "ADMIN")!;
    expect(res.data?.sku.adjustments).toHaveLength(1);
    expect(res.data?.sku.adjustments[0]).toMatchObject({ reason: "RECEIPT", actor: { id: admin.id }, sku: { code } });
    expect(res.data?.sku.all).toHaveLength(demo.stock.filter((s) => s.skuCode === code && s.quantity > 0).length);
    expect(errorCodes(await signedGql(inv.url, `{ sku(code: "SKU-00001") { adjustments(first: 0) { id } } }`, {}, viewer))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("skus", () => {
  const LIST = `query($first: Int, $after: String, $search: String, $abcClass: AbcClass, $below: Boolean) {
    skus(first: $first, after: $after, search: $search, abcClass: $abcClass, belowReorderPoint: $below) { code name abcClass belowReorderPoint } }`;
  const codes = (res: GraphQLResponse) => ((res.data?.skus ?? []) as { code: string }[]).map((s) => s.code);
  const allCodes = demo.skus.map((s) => s.code).sort(byCode);

  it("pages by code with a keyset cursor, without gaps or overlaps", async () => {
    const first = await signedGql(inv.url, LIST, { first: 50 }, viewer);
    expect(codes(first)).toEqual(allCodes.slice(0, 50));
    const second = await signedGql(inv.url, LIST, { first: 50, after: codes(first).at(-1) }, viewer);
    expect(codes(second)).toEqual(allCodes.slice(50, 100));
    const last = await signedGql(inv.url, LIST, { first: 50, after: allCodes.at(-3) }, viewer);
    expect(codes(last)).toEqual(allCodes.slice(-2));
  });

  it("searches code and name case-insensitively, taking % and _ literally", async () => {
    for (const search of ["YOGHURT", "sku-0001", "deluxe Mug"]) {
      const expected = demo.skus
        .filter((s) => s.code.toLowerCase().includes(search.toLowerCase()) || s.name.toLowerCase().includes(search.toLowerCase()))
        .map((s) => s.code)
        .sort(byCode)
        .slice(0, 200);
      expect(expected.length).toBeGreaterThan(0);
      expect(codes(await signedGql(inv.url, LIST, { first: 200, search }, viewer))).toEqual(expected);
    }
    expect(codes(await signedGql(inv.url, LIST, { search: "%" }, viewer))).toEqual([]);
    expect(codes(await signedGql(inv.url, LIST, { search: "SKU_0" }, viewer))).toEqual([]);
  });

  it("filters by ABC class and by reorder point, alone and combined", async () => {
    const classA = await signedGql(inv.url, LIST, { first: 200, abcClass: "A" }, viewer);
    expect(codes(classA)).toEqual(demo.skus.filter((s) => s.abcClass === "A").map((s) => s.code).sort(byCode).slice(0, 200));
    for (const below of [true, false]) {
      const expected = allCodes.filter((c) => isBelow(c) === below).slice(0, 200);
      const res = await signedGql(inv.url, LIST, { first: 200, below }, viewer);
      expect(codes(res)).toEqual(expected);
      expect(res.data?.skus.every((s: { belowReorderPoint: boolean }) => s.belowReorderPoint === below)).toBe(true);
    }
    const combined = allCodes.filter((c) => isBelow(c) && skuOf(c).abcClass === "B");
    expect(combined.length).toBeGreaterThan(0);
    expect(codes(await signedGql(inv.url, LIST, { first: 200, below: true, abcClass: "B" }, viewer))).toEqual(combined.slice(0, 200));
  });

  it("bounds the page size", async () => {
    expect(errorCodes(await signedGql(inv.url, LIST, { first: 0 }, viewer))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await signedGql(inv.url, LIST, { first: 201 }, viewer))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await signedGql(inv.url, LIST, { search: "x".repeat(101) }, viewer))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("skusByCodes", () => {
  const BY_CODES = `query($codes: [String!]!) { skusByCodes(codes: $codes) { code totalAvailable } }`;

  it("returns the known codes in the order asked, once each", async () => {
    const res = await signedGql(inv.url, BY_CODES, { codes: ["SKU-00020", "missing-1", "sku-00003", "SKU-00020"] }, viewer);
    expect(res.data?.skusByCodes).toEqual([
      { code: "SKU-00020", totalAvailable: availableOf("SKU-00020") },
      { code: "SKU-00003", totalAvailable: availableOf("SKU-00003") },
    ]);
  });

  it("takes up to 500 codes and refuses more", async () => {
    const many = demo.skus.slice(0, 500).map((s) => s.code);
    const ok = await signedGql(inv.url, BY_CODES, { codes: many }, viewer);
    expect(ok.data?.skusByCodes).toHaveLength(500);
    const tooMany = await signedGql(inv.url, BY_CODES, { codes: [...many, "SKU-00501"] }, viewer);
    expect(errorCodes(tooMany)).toEqual(["BAD_USER_INPUT"]);
    expect(tooMany.errors?.[0]?.extensions?.max).toBe(500);
  });
});

describe("stockAt", () => {
  it("lists what a location holds, largest first", async () => {
    const locationId = demo.stock[0]!.locationId;
    const expected = demo.stock.filter((s) => s.locationId === locationId);
    const res = await signedGql(inv.url, `query($id: ID!) { stockAt(locationId: $id) { ${STOCK_ITEM} } }`, { id: locationId }, viewer);
    expect(res.data?.stockAt).toHaveLength(expected.length);
    expect(res.data?.stockAt.map((s: { sku: { code: string } }) => s.sku.code).sort()).toEqual(expected.map((s) => s.skuCode).sort());
    expect(res.data?.stockAt.every((s: { location: { id: string } }) => s.location.id === locationId)).toBe(true);
  });

  it("answers an empty list for a location without stock and BAD_USER_INPUT for a malformed id", async () => {
    const dock = locationByCode("D-01-01-1-A");
    expect((await signedGql(inv.url, `query($id: ID!) { stockAt(locationId: $id) { id } }`, { id: dock.id }, viewer)).data?.stockAt).toEqual([]);
    expect((await signedGql(inv.url, `query($id: ID!) { stockAt(locationId: $id) { id } }`, { id: UNKNOWN_ID }, viewer)).data?.stockAt).toEqual([]);
    const bad = await signedGql(inv.url, `{ stockAt(locationId: "A-01-01-1-A") { id } }`, {}, viewer);
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors?.[0]?.extensions?.field).toBe("locationId");
  });
});

describe("read access", () => {
  const READ = `{ sku(code: "SKU-00001") { code } }`;

  it("requires a token", async () => {
    expect(errorCodes(await signedGql(inv.url, READ))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(inv.url, `{ skus { code } }`))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await signedGql(inv.url, READ, {}, "not-a-jwt"))).toEqual(["UNAUTHENTICATED"]);
  });

  it("lets every role read, partners included", async () => {
    for (const role of ["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "PARTNER", "VIEWER"] as const) {
      expect((await signedGql(inv.url, READ, {}, await tokenFor(role))).data?.sku).toEqual({ code: "SKU-00001" });
    }
  });

  it("requires the inventory:read scope of API keys", async () => {
    const without = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    const withScope = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read", "inventory:read"] });
    for (const query of [READ, `{ skus(first: 1) { code } }`, `{ skusByCodes(codes: ["SKU-00001"]) { code } }`, `{ stockAt(locationId: "${UNKNOWN_ID}") { id } }`]) {
      expect(errorCodes(await signedGql(inv.url, query, {}, without))).toEqual(["FORBIDDEN"]);
      expect((await signedGql(inv.url, query, {}, withScope)).errors).toBeUndefined();
    }
  });
});

describe("knownSkuCodes", () => {
  const KNOWN = `query($codes: [String!]!) { knownSkuCodes(codes: $codes) }`;

  it("lets a key that may place orders check codes, without opening stock data to it", async () => {
    const writer = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:write"] });
    const res = await signedGql(inv.url, KNOWN, { codes: ["SKU-00001", "nope-1", "sku-00002"] }, writer);
    expect(res.data?.knownSkuCodes).toEqual(["SKU-00001", "SKU-00002"]);
    const stock = await signedGql(inv.url, `{ skusByCodes(codes: ["SKU-00001"]) { code totalAvailable } }`, {}, writer);
    expect(errorCodes(stock)).toEqual(["FORBIDDEN"]);
  });

  it("refuses keys with neither scope and anonymous callers", async () => {
    const shipmentsOnly = await tokenFor("PARTNER", { kind: "api-key", scopes: ["shipments:read"] });
    expect(errorCodes(await signedGql(inv.url, KNOWN, { codes: ["SKU-00001"] }, shipmentsOnly))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await signedGql(inv.url, KNOWN, { codes: ["SKU-00001"] }))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("as if the gateway were not there", () => {
  it("answers only signed requests (401 JSON otherwise, introspection and _service included) and keeps /health open", async () => {
    expect(await probeSubgraphProtection(inv.url)).toEqual(PROTECTED);
  });
});
