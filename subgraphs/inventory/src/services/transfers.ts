import { randomUUID } from "node:crypto";
import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, conflict, notFound } from "@floorgraph/errors";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import type { CallerContext, LocationDirectory } from "./locations.ts";
import { normalizeSkuCode } from "./sku-codes.ts";
import { audit } from "./audit.ts";
import { ensureStockItem, lockStockItems, recordAdjustment } from "./stock-ledger.ts";
import { assertQuantityChange, lotFor } from "./stock-rules.ts";

export interface StockTransferInput {
  skuCode: string;
  fromLocationId: string;
  toLocationId: string;
  lot?: string | null;
  quantity: number;
}

export function createTransfersService(prisma: PrismaClient, locations: LocationDirectory) {
  return {
    /**
     * Moves available stock (on hand minus reserved) of one SKU and lot between two locations, as
     * two TRANSFER adjustments sharing a transfer id. Reserved stock stays where it is.
     */
    async transferStock(actor: Identity, ctx: CallerContext, input: StockTransferInput) {
      const from = assertId(input.fromLocationId, "fromLocationId");
      const to = assertId(input.toLocationId, "toLocationId");
      if (from === to) throw badInput("fromLocationId and toLocationId must differ", { field: "toLocationId" });
      const quantity = assertQuantityChange(input.quantity, "quantity", { positive: true });
      const code = normalizeSkuCode(input.skuCode);
      const sku = await prisma.sku.findUnique({ where: { code } });
      if (!sku) throw notFound("SKU", code);
      const lot = lotFor(sku, input.lot);
      await locations.assertLocations(ctx, [from, to], [to]);

      return prisma.$transaction(async (tx) => {
        const source = await tx.stockItem.findUnique({ where: { skuId_locationId_lot: { skuId: sku.id, locationId: from, lot } } });
        if (source) await ensureStockItem(tx, { skuId: sku.id, locationId: to, lot }, source.expiresOn);
        const locked = await lockStockItems(tx, sku.id, lot, [from, to]);
        const src = locked.find((item) => item.locationId === from);
        const dst = locked.find((item) => item.locationId === to);
        const available = src ? src.quantity - src.reserved : 0;
        if (!src || !dst || available < quantity) {
          throw conflict(`Only ${available} of ${code} are available at the source location; cannot transfer ${quantity}`, {
            available,
            requested: quantity,
          });
        }
        const transferId = randomUUID();
        const out = await tx.stockItem.update({ where: { id: src.id }, data: { quantity: { decrement: quantity } } });
        const into = await tx.stockItem.update({ where: { id: dst.id }, data: { quantity: { increment: quantity } } });
        const base = { skuId: sku.id, lot, reason: "TRANSFER" as const, transferId };
        await recordAdjustment(tx, actor, { ...base, locationId: from, delta: -quantity, quantityAfter: out.quantity, note: `to ${to}` });
        await recordAdjustment(tx, actor, { ...base, locationId: to, delta: quantity, quantityAfter: into.quantity, note: `from ${from}` });
        await audit(tx, actor, "stock.transferred", "Sku", sku.id, { transferId, sku: code, from, to, lot, quantity });
        return [out, into];
      });
    },
  };
}
export type TransfersService = ReturnType<typeof createTransfersService>;
