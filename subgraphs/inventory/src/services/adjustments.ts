import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, conflict, notFound } from "@floorgraph/errors";
import type { Outbox } from "@floorgraph/events";
import type { AdjustmentReason, PrismaClient } from "@floorgraph/prisma/inventory";
import type { CallerContext, LocationDirectory } from "./locations.ts";
import { normalizeSkuCode } from "./sku-codes.ts";
import { audit } from "./audit.ts";
import type { ReservationService } from "./reservations.ts";
import { ensureStockItem, lockStockItems, recordAdjustment } from "./stock-ledger.ts";
import { assertNote, assertQuantityChange, lotFor } from "./stock-rules.ts";

export interface StockAdjustmentInput {
  skuCode: string;
  locationId: string;
  lot?: string | null;
  expiresOn?: Date | null;
  delta: number;
  reason: AdjustmentReason;
  note?: string | null;
}

export function createAdjustmentsService(prisma: PrismaClient, locations: LocationDirectory, reservations: ReservationService, outbox: Outbox) {
  return {
    /** Changes on-hand stock at one location and lot, never below what is reserved there. */
    async adjustStock(actor: Identity, ctx: CallerContext, input: StockAdjustmentInput) {
      const locationId = assertId(input.locationId, "locationId");
      const delta = assertQuantityChange(input.delta, "delta", { positive: false });
      if (input.reason === "TRANSFER") throw badInput("TRANSFER adjustments are made by transferStock", { field: "reason" });
      if (input.reason === "PICK") throw badInput("PICK adjustments are made by confirming picks (confirmPick)", { field: "reason" });
      const note = assertNote(input.note);
      const code = normalizeSkuCode(input.skuCode);
      const sku = await prisma.sku.findUnique({ where: { code } });
      if (!sku) throw notFound("SKU", code);
      const expiresOn = input.expiresOn ?? null;
      const lot = lotFor(sku, input.lot, expiresOn);
      // Asked before the transaction: no row lock is ever held across a network call.
      await locations.assertLocations(ctx, [locationId], delta > 0 ? [locationId] : []);

      const adjusted = await prisma.$transaction(async (tx) => {
        const key = { skuId: sku.id, locationId, lot };
        if (delta > 0) await ensureStockItem(tx, key, expiresOn);
        const [item] = await lockStockItems(tx, sku.id, lot, [locationId]);
        const onHand = item?.quantity ?? 0;
        const reserved = item?.reserved ?? 0;
        const quantityAfter = onHand + delta;
        if (!item || quantityAfter < reserved) {
          throw conflict(
            `Adjusting ${code} by ${delta} would leave ${quantityAfter} on hand, below the ${reserved} reserved (never below 0)`,
            { onHand, reserved, available: onHand - reserved },
          );
        }
        const updated = await tx.stockItem.update({
          where: { id: item.id },
          data: { quantity: quantityAfter, ...(expiresOn ? { expiresOn } : {}) },
        });
        const adjustment = await recordAdjustment(tx, actor, { ...key, delta, quantityAfter, reason: input.reason, note });
        await audit(tx, actor, "stock.adjusted", "StockItem", item.id, { adjustmentId: adjustment.id, sku: code, delta, reason: input.reason });
        if (delta > 0) await reservations.retryBackorders(tx, sku);
        return tx.stockItem.findUniqueOrThrow({ where: { id: updated.id } });
      });
      outbox.flush();
      return adjusted;
    },
  };
}
export type AdjustmentsService = ReturnType<typeof createAdjustmentsService>;
