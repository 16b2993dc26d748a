import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import type { PrismaClient as WarehousePrisma } from "@floorgraph/prisma/warehouse";
import { warehouseService } from "@floorgraph/warehouse";
import { inventoryService } from "../src/server.ts";
import { emptyLocations, skuOf, STOCK_ITEM, stockWhere, writeCounts } from "./helpers.ts";

const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { ${STOCK_ITEM} } }`;
const TRANSFER = `mutation($input: TransferStockInput!) { transferStock(input: $input) { id } }`;

describe("when the warehouse subgraph is down", () => {
  let warehouse: TestSubgraph<WarehousePrisma>;
  let inv: TestSubgraph<PrismaClient>;
  let operator: string;
  let warehouseStopped = false;
  beforeAll(async () => {
    warehouse = await startTestSubgraph(warehouseService, { seed: true });
    inv = await startTestSubgraph(inventoryService, { seed: true, peers: { warehouse: warehouse.url } });
    operator = await tokenFor("OPERATOR");
  }, 120_000);
  afterAll(async () => {
    await inv?.stop();
    if (!warehouseStopped) await warehouse?.stop();
  });

  const row = stockWhere((s, lotTracked) => !lotTracked && s.quantity > s.reserved + 2);
  const adjust = { skuCode: row.skuCode, locationId: row.locationId, delta: -1, reason: "DAMAGE" };
  const transfer = { skuCode: row.skuCode, fromLocationId: row.locationId, toLocationId: emptyLocations[0]!.id, quantity: 1 };

  it("adjusts and transfers while the peer answers", async () => {
    expect((await signedGql(inv.url, ADJUST, { input: adjust }, operator)).data?.adjustStock.quantity).toBe(row.quantity - 1);
    expect((await signedGql(inv.url, TRANSFER, { input: transfer }, operator)).data?.transferStock).toHaveLength(2);
  });

  it("answers UNAVAILABLE and writes nothing once it stopped", async () => {
    await warehouse.stop();
    warehouseStopped = true;
    const before = await writeCounts(inv);
    for (const [query, input] of [[ADJUST, adjust], [TRANSFER, transfer]] as const) {
      const res = await signedGql(inv.url, query, { input }, operator);
      expect(errorCodes(res)).toEqual(["UNAVAILABLE"]);
      expect(res.errors?.[0]?.message).toMatch(/warehouse/);
    }
    expect(await writeCounts(inv)).toEqual(before);
    const item = await inv.prisma.stockItem.findUniqueOrThrow({ where: { skuId_locationId_lot: { skuId: skuOf(row.skuCode).id, locationId: row.locationId, lot: "" } } });
    expect(item.quantity).toBe(row.quantity - 2);
  });
});

describe("when no warehouse subgraph is configured", () => {
  let inv: TestSubgraph<PrismaClient>;
  beforeAll(async () => {
    inv = await startTestSubgraph(inventoryService);
  }, 60_000);
  afterAll(() => inv?.stop());

  it("refuses stock changes with UNAVAILABLE rather than trusting an unchecked location", async () => {
    const admin = await tokenFor("ADMIN");
    const created = await signedGql(inv.url, `mutation { createSku(input: { code: "LONE-1", name: "Lonely" }) { code } }`, {}, admin);
    expect(created.data?.createSku.code).toBe("LONE-1");
    const before = await writeCounts(inv);
    const res = await signedGql(inv.url, ADJUST, { input: { skuCode: "LONE-1", locationId: emptyLocations[0]!.id, delta: 5, reason: "RECEIPT" } }, admin);
    expect(errorCodes(res)).toEqual(["UNAVAILABLE"]);
    expect(await writeCounts(inv)).toEqual(before);
  });
});
