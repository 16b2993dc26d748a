import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIdentity, errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import type { PrismaClient as WarehousePrisma } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "@floorgraph/warehouse";
import { inventoryService } from "../src/server.ts";
import { demo, emptyLocations, skuOf, STOCK_ITEM, UNKNOWN_ID, writeCounts } from "./helpers.ts";

let warehouse: TestSubgraph<WarehousePrisma>;
let inv: TestSubgraph<PrismaClient>;
let admin: string;
let operator: string;
beforeAll(async () => {
  warehouse = await startTestSubgraph(warehouseService, { seed: true });
  inv = await startTestSubgraph(inventoryService, { seed: true, peers: { warehouse: warehouse.url } });
  [admin, operator] = await Promise.all([tokenFor("ADMIN"), tokenFor("OPERATOR")]);
}, 120_000);
afterAll(async () => {
  await inv?.stop();
  await warehouse?.stop();
});

const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { ${STOCK_ITEM} } }`;
const TRANSFER = `mutation($input: TransferStockInput!) { transferStock(input: $input) { ${STOCK_ITEM} } }`;

/** Each test takes its own demo rows and empty locations, so their changes never meet. */
const plainRows = demo.stock.filter((s) => !skuOf(s.skuCode).lotTracked && s.quantity >= 20);
const lotRows = demo.stock.filter((s) => s.lot);
const free = [...emptyLocations];
const takeFree = () => free.shift()!.id;
let nextPlain = 0;
const takePlain = (predicate: (s: (typeof plainRows)[number]) => boolean = () => true) => {
  const index = plainRows.findIndex((s, i) => i >= nextPlain && predicate(s));
  nextPlain = index + 1;
  return plainRows[index]!;
};
const itemAt = (skuCode: string, locationId: string, lot = "") =>
  inv.prisma.stockItem.findUnique({ where: { skuId_locationId_lot: { skuId: skuOf(skuCode).id, locationId, lot } } });

/** Runs a mutation that must be refused, and checks it changed nothing. */
async function expectRefused(query: string, input: Record<string, unknown>, code: string, token = operator) {
  const before = await writeCounts(inv);
  const res = await signedGql(inv.url, query, { input }, token);
  expect(errorCodes(res)).toEqual([code]);
  expect(res.data).toBeNull();
  expect(await writeCounts(inv)).toEqual(before);
  return res;
}

describe("adjustStock", () => {
  it("adds to existing stock and records the adjustment and audit in the same change", async () => {
    const row = takePlain();
    const res = await signedGql(inv.url, ADJUST, { input: { skuCode: row.skuCode, locationId: row.locationId, delta: 7, reason: "FOUND", note: " behind the rack " } }, operator);
    expect(res.errors).toBeUndefined();
    expect(res.data?.adjustStock).toMatchObject({ quantity: row.quantity + 7, reserved: row.reserved, available: row.quantity + 7 - row.reserved, lot: null, location: { id: row.locationId }, sku: { code: row.skuCode } });
    const adjustment = await inv.prisma.stockAdjustment.findFirstOrThrow({ where: { skuId: skuOf(row.skuCode).id, reason: "FOUND" } });
    expect(adjustment).toMatchObject({ delta: 7, quantityAfter: row.quantity + 7, note: "behind the rack", actorId: demoIdentity("OPERATOR").userId, locationId: row.locationId, lot: "" });
    const audit = await inv.prisma.auditEntry.findFirstOrThrow({ where: { action: "stock.adjusted", subjectId: res.data?.adjustStock.id } });
    expect(audit.detail).toMatchObject({ adjustmentId: adjustment.id, delta: 7 });
    const listed = await signedGql(inv.url, `query($c: String!) { sku(code: $c) { adjustments(first: 1) { delta reason note quantityAfter } } }`, { c: row.skuCode }, operator);
    expect(listed.data?.sku.adjustments).toEqual([{ delta: 7, reason: "FOUND", note: "behind the rack", quantityAfter: row.quantity + 7 }]);
  });

  it("receives a SKU into an empty location, creating its stock row", async () => {
    const row = takePlain();
    const locationId = takeFree();
    const res = await signedGql(inv.url, ADJUST, { input: { skuCode: row.skuCode, locationId, delta: 12, reason: "RECEIPT" } }, operator);
    expect(res.data?.adjustStock).toMatchObject({ quantity: 12, reserved: 0, available: 12, location: { id: locationId } });
    expect((await itemAt(row.skuCode, locationId))?.quantity).toBe(12);
  });

  it("removes stock down to the reserved quantity and no further (CONFLICT, nothing written)", async () => {
    const row = takePlain((s) => s.reserved > 0 && s.quantity > s.reserved);
    const available = row.quantity - row.reserved;
    const refused = await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: row.locationId, delta: -(available + 1), reason: "DAMAGE" }, "CONFLICT");
    expect(refused.errors?.[0]?.extensions).toMatchObject({ onHand: row.quantity, reserved: row.reserved, available });
    const ok = await signedGql(inv.url, ADJUST, { input: { skuCode: row.skuCode, locationId: row.locationId, delta: -available, reason: "DAMAGE" } }, operator);
    expect(ok.data?.adjustStock).toMatchObject({ quantity: row.reserved, reserved: row.reserved, available: 0 });
  });

  it("refuses to take stock from a location that has none", async () => {
    const row = takePlain();
    await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: takeFree(), delta: -1, reason: "LOSS" }, "CONFLICT");
  });

  it("requires a lot for lot-tracked SKUs, keeps lots apart and records their expiry", async () => {
    const row = lotRows[0]!;
    await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: row.locationId, delta: 5, reason: "RECEIPT" }, "BAD_USER_INPUT");
    await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: row.locationId, lot: "  ", delta: 5, reason: "RECEIPT" }, "BAD_USER_INPUT");
    const res = await signedGql(inv.url, ADJUST, { input: { skuCode: row.skuCode, locationId: row.locationId, lot: "LNEW-001", expiresOn: "2031-02-03", delta: 5, reason: "RECEIPT" } }, operator);
    expect(res.data?.adjustStock).toMatchObject({ lot: "LNEW-001", expiresOn: "2031-02-03", quantity: 5 });
    const existing = await itemAt(row.skuCode, row.locationId, row.lot!);
    expect(existing?.quantity).toBe(row.quantity);
  });

  it("refuses a lot or expiry date for SKUs that are not lot-tracked", async () => {
    const row = takePlain();
    const refused = await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: row.locationId, lot: "L1", delta: 1, reason: "FOUND" }, "BAD_USER_INPUT");
    expect(refused.errors?.[0]?.extensions?.field).toBe("lot");
    await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: row.locationId, expiresOn: "2030-01-01", delta: 1, reason: "FOUND" }, "BAD_USER_INPUT");
  });

  it("validates delta, reason, note, SKU and location", async () => {
    const row = takePlain();
    const base = { skuCode: row.skuCode, locationId: row.locationId, delta: 1, reason: "FOUND" };
    for (const input of [{ ...base, delta: 0 }, { ...base, delta: 2_000_000 }, { ...base, reason: "TRANSFER" }, { ...base, note: "x".repeat(501) }]) {
      await expectRefused(ADJUST, input, "BAD_USER_INPUT");
    }
    const malformed = await expectRefused(ADJUST, { ...base, locationId: "A-01-01-1-A" }, "BAD_USER_INPUT");
    expect(malformed.errors?.[0]?.extensions?.field).toBe("locationId");
    await expectRefused(ADJUST, { ...base, skuCode: "NOPE-404" }, "NOT_FOUND");
    // Well-formed, but the warehouse subgraph has no such location.
    const unknown = await expectRefused(ADJUST, { ...base, locationId: UNKNOWN_ID }, "NOT_FOUND");
    expect(unknown.errors?.[0]?.message).toContain(UNKNOWN_ID);
  });

  it("puts nothing into an inactive location but still lets stock be taken out of one", async () => {
    const row = takePlain((s) => s.quantity > s.reserved);
    const emptyId = takeFree();
    for (const id of [emptyId, row.locationId]) {
      const off = await signedGql(warehouse.url, `mutation($id: ID!) { setLocationActive(id: $id, active: false) { active } }`, { id }, admin);
      expect(off.data?.setLocationActive.active).toBe(false);
    }
    await expectRefused(ADJUST, { skuCode: row.skuCode, locationId: emptyId, delta: 3, reason: "RECEIPT" }, "CONFLICT");
    const out = await signedGql(inv.url, ADJUST, { input: { skuCode: row.skuCode, locationId: row.locationId, delta: -1, reason: "CORRECTION" } }, operator);
    expect(out.data?.adjustStock.quantity).toBe(row.quantity - 1);
  });

  it("lets only ADMIN, SUPERVISOR and OPERATOR adjust stock", async () => {
    const row = takePlain();
    const input = { skuCode: row.skuCode, locationId: row.locationId, delta: 1, reason: "FOUND" };
    for (const role of ["PICKER", "VIEWER", "PARTNER"] as const) await expectRefused(ADJUST, input, "FORBIDDEN", await tokenFor(role));
    expect(errorCodes(await signedGql(inv.url, ADJUST, { input }))).toEqual(["UNAUTHENTICATED"]);
    for (const role of ["ADMIN", "SUPERVISOR"] as const) {
      expect((await signedGql(inv.url, ADJUST, { input }, await tokenFor(role))).errors).toBeUndefined();
    }
  });

  it("never lets parallel adjustments together drop on hand below reserved", async () => {
    const row = takePlain((s) => s.reserved > 0);
    const item = (await itemAt(row.skuCode, row.locationId))!;
    // Ten units free to take; six parallel requests each want four of them.
    await inv.prisma.stockItem.update({ where: { id: item.id }, data: { quantity: item.reserved + 10 } });
    const adjustmentsBefore = await inv.prisma.stockAdjustment.count({ where: { skuId: item.skuId } });
    const input = { skuCode: row.skuCode, locationId: row.locationId, delta: -4, reason: "LOSS" };
    const results = await Promise.all(Array.from({ length: 6 }, () => signedGql(inv.url, ADJUST, { input }, operator)));
    const codes = results.map((r) => errorCodes(r)[0] ?? "OK");
    expect(codes.filter((c) => c === "OK")).toHaveLength(2);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(4);
    const after = (await itemAt(row.skuCode, row.locationId))!;
    expect(after.quantity).toBe(item.reserved + 2);
    expect(await inv.prisma.stockAdjustment.count({ where: { skuId: item.skuId } })).toBe(adjustmentsBefore + 2);
    const afterValues = results.filter((r) => !r.errors).map((r) => r.data?.adjustStock.quantity).sort();
    expect(afterValues).toEqual([item.reserved + 2, item.reserved + 6].sort());
  });

  it("creates a new stock row once when parallel receipts race for it", async () => {
    const row = takePlain();
    const locationId = takeFree();
    const input = { skuCode: row.skuCode, locationId, delta: 3, reason: "RECEIPT" };
    const results = await Promise.all(Array.from({ length: 5 }, () => signedGql(inv.url, ADJUST, { input }, operator)));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect((await itemAt(row.skuCode, locationId))?.quantity).toBe(15);
    expect(await inv.prisma.stockItem.count({ where: { skuId: skuOf(row.skuCode).id, locationId } })).toBe(1);
  });
});

describe("transferStock", () => {
  it("moves available stock to another location as two TRANSFER adjustments", async () => {
    const row = takePlain((s) => s.reserved > 0 && s.quantity - s.reserved >= 5);
    const to = takeFree();
    const res = await signedGql(inv.url, TRANSFER, { input: { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: to, quantity: 5 } }, operator);
    expect(res.errors).toBeUndefined();
    const [source, destination] = res.data?.transferStock;
    expect(source).toMatchObject({ location: { id: row.locationId }, quantity: row.quantity - 5, reserved: row.reserved });
    expect(destination).toMatchObject({ location: { id: to }, quantity: 5, reserved: 0, available: 5 });
    const legs = await inv.prisma.stockAdjustment.findMany({ where: { skuId: skuOf(row.skuCode).id, reason: "TRANSFER" }, orderBy: { delta: "asc" } });
    expect(legs.map((l) => [l.locationId, l.delta, l.quantityAfter])).toEqual([[row.locationId, -5, row.quantity - 5], [to, 5, 5]]);
    expect(legs[0]!.transferId).toBeTruthy();
    expect(legs[0]!.transferId).toBe(legs[1]!.transferId);
    expect(await inv.prisma.auditEntry.count({ where: { action: "stock.transferred", subjectId: skuOf(row.skuCode).id } })).toBe(1);
  });

  it("never moves reserved stock (CONFLICT, nothing written)", async () => {
    const row = takePlain((s) => s.reserved > 0 && s.quantity > s.reserved);
    const available = row.quantity - row.reserved;
    const res = await expectRefused(TRANSFER, { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: takeFree(), quantity: available + 1 }, "CONFLICT");
    expect(res.errors?.[0]?.extensions).toMatchObject({ available, requested: available + 1 });
    await expectRefused(TRANSFER, { skuCode: row.skuCode, fromLocationId: takeFree(), toLocationId: row.locationId, quantity: 1 }, "CONFLICT");
  });

  it("keeps the lot and its expiry date when moving lot-tracked stock", async () => {
    const row = lotRows.find((s) => s.quantity - s.reserved >= 2 && s !== lotRows[0])!;
    const to = takeFree();
    await expectRefused(TRANSFER, { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: to, quantity: 2 }, "BAD_USER_INPUT");
    const res = await signedGql(inv.url, TRANSFER, { input: { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: to, lot: row.lot, quantity: 2 } }, operator);
    expect(res.data?.transferStock[1]).toMatchObject({ lot: row.lot, expiresOn: row.expiresOn, quantity: 2 });
  });

  it("validates its input and both locations", async () => {
    const row = takePlain();
    const base = { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: takeFree(), quantity: 1 };
    for (const input of [{ ...base, quantity: 0 }, { ...base, quantity: -3 }, { ...base, toLocationId: row.locationId }, { ...base, toLocationId: "bin-7" }, { ...base, lot: "L1" }]) {
      await expectRefused(TRANSFER, input, "BAD_USER_INPUT");
    }
    await expectRefused(TRANSFER, { ...base, skuCode: "NOPE-404" }, "NOT_FOUND");
    await expectRefused(TRANSFER, { ...base, toLocationId: UNKNOWN_ID }, "NOT_FOUND");
    await expectRefused(TRANSFER, { ...base, fromLocationId: UNKNOWN_ID }, "NOT_FOUND");
    for (const role of ["PICKER", "VIEWER", "PARTNER"] as const) await expectRefused(TRANSFER, base, "FORBIDDEN", await tokenFor(role));
  });

  it("lets only one of two parallel transfers take the same available stock", async () => {
    const row = takePlain((s) => s.quantity - s.reserved >= 6);
    const item = (await itemAt(row.skuCode, row.locationId))!;
    await inv.prisma.stockItem.update({ where: { id: item.id }, data: { quantity: item.reserved + 10 } });
    const [a, b] = [takeFree(), takeFree()];
    const results = await Promise.all([a, b].map((to) =>
      signedGql(inv.url, TRANSFER, { input: { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: to, quantity: 6 } }, operator),
    ));
    expect(results.map((r) => errorCodes(r)[0] ?? "OK").sort()).toEqual(["CONFLICT", "OK"]);
    expect((await itemAt(row.skuCode, row.locationId))?.quantity).toBe(item.reserved + 4);
    const moved = (await itemAt(row.skuCode, a))?.quantity ?? 0;
    const movedB = (await itemAt(row.skuCode, b))?.quantity ?? 0;
    expect(moved + movedB).toBe(6);
  });
});
