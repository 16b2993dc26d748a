import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusals, signedGql, startTestSubgraph, type TestSubgraph, tokenFor } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import type { PrismaClient as WarehousePrisma } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "@floorgraph/warehouse";
import { inventoryService } from "../src/server.ts";
import { demo, emptyLocations, skuOf, writeCounts } from "./helpers.ts";

// Issue 11: strings no column can hold, impossible dates, out-of-range numbers and over-long text
// are BAD_USER_INPUT naming the field, refused before the warehouse is asked and before any write.
let warehouse: TestSubgraph<WarehousePrisma>;
let inv: TestSubgraph<PrismaClient>;
let admin: string;
beforeAll(async () => {
  warehouse = await startTestSubgraph(warehouseService, { seed: true });
  inv = await startTestSubgraph(inventoryService, { seed: true, peers: { warehouse: warehouse.url } });
  admin = await tokenFor("ADMIN");
});
afterAll(async () => {
  await inv?.stop();
  await warehouse?.stop();
});

const NUL = "\u0000";
const CREATE = `mutation($input: CreateSkuInput!) { createSku(input: $input) { id } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { id } }`;
const TRANSFER = `mutation($input: TransferStockInput!) { transferStock(input: $input) { id } }`;

const row = demo.stock.find((s) => !skuOf(s.skuCode).lotTracked && s.quantity >= 5)!;
const lotRow = demo.stock.find((s) => s.lot)!;
const target = emptyLocations[0]!.id;
const adjust = (overrides: Record<string, unknown> = {}) => ({ skuCode: row.skuCode, locationId: row.locationId, delta: 1, reason: "FOUND", ...overrides });
const transfer = (overrides: Record<string, unknown> = {}) => ({ skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: target, quantity: 1, ...overrides });
const sku = (overrides: Record<string, unknown> = {}) => ({ code: "BAD-INPUT-1", name: "Crate", ...overrides });

async function expectRefused(query: string, input: Record<string, unknown>, field: string) {
  const before = await writeCounts(inv);
  const res = await signedGql(inv.url, query, { input }, admin);
  expect(refusals(res), field).toEqual([{ code: "BAD_USER_INPUT", field }]);
  expect(await writeCounts(inv)).toEqual(before);
}

describe("inventory: bad input", () => {
  it("refuses a NUL byte in createSku, adjustStock and transferStock text, naming the field", async () => {
    await expectRefused(CREATE, sku({ code: `BAD${NUL}1` }), "input.code");
    await expectRefused(CREATE, sku({ name: `Crate${NUL}` }), "input.name");
    await expectRefused(CREATE, sku({ description: `${NUL}` }), "input.description");
    await expectRefused(ADJUST, adjust({ skuCode: `${row.skuCode}${NUL}` }), "input.skuCode");
    await expectRefused(ADJUST, adjust({ note: `behind${NUL}the rack` }), "input.note");
    await expectRefused(ADJUST, adjust({ skuCode: lotRow.skuCode, locationId: lotRow.locationId, lot: `L${NUL}` }), "input.lot");
    await expectRefused(TRANSFER, transfer({ skuCode: `${row.skuCode}${NUL}` }), "input.skuCode");
    await expectRefused(TRANSFER, transfer({ lot: `${NUL}` }), "input.lot");
  });

  it("refuses an impossible expiresOn, naming the field", async () => {
    for (const expiresOn of ["2030-02-30", "2030-13-01", "yesterday", "2030-1-1"]) {
      await expectRefused(ADJUST, adjust({ skuCode: lotRow.skuCode, locationId: lotRow.locationId, lot: "L-NEW", expiresOn }), "input.expiresOn");
    }
  });

  it("refuses numbers out of range: Int beyond 32 bits, negative or zero transfers, huge or negative weights and stock levels", async () => {
    await expectRefused(ADJUST, adjust({ delta: 2 ** 31 }), "input.delta");
    await expectRefused(ADJUST, adjust({ delta: 1_000_001 }), "delta");
    await expectRefused(TRANSFER, transfer({ quantity: -1 }), "quantity");
    await expectRefused(TRANSFER, transfer({ quantity: 0 }), "quantity");
    await expectRefused(CREATE, sku({ weightKg: 1e300 }), "weightKg");
    await expectRefused(CREATE, sku({ weightKg: -1 }), "weightKg");
    await expectRefused(CREATE, sku({ reorderPoint: -5 }), "reorderPoint");
    await expectRefused(CREATE, sku({ safetyStock: 2 ** 40 }), "input.safetyStock");
  });

  it("refuses over-long text and enum values that do not exist", async () => {
    await expectRefused(CREATE, sku({ name: "x".repeat(201) }), "name");
    await expectRefused(CREATE, sku({ description: "x".repeat(2001) }), "description");
    await expectRefused(ADJUST, adjust({ note: "x".repeat(501) }), "note");
    await expectRefused(CREATE, sku({ unit: "BARREL" }), "input.unit");
    await expectRefused(ADJUST, adjust({ reason: "STOLEN" }), "input.reason");
  });
});
