import type { Identity } from "@floorgraph/auth";
import type { AdjustmentReason, Prisma } from "@floorgraph/prisma/inventory";

type Tx = Prisma.TransactionClient;

export interface StockKey {
  skuId: string;
  locationId: string;
  lot: string;
}

export interface LockedItem {
  id: string;
  locationId: string;
  quantity: number;
  reserved: number;
}

/** Creates an empty stock row for the key unless one exists, so it can be locked like any other. */
export async function ensureStockItem(tx: Tx, key: StockKey, expiresOn: Date | null): Promise<void> {
  await tx.stockItem.createMany({ data: [{ ...key, expiresOn, quantity: 0, reserved: 0 }], skipDuplicates: true });
}

/**
 * Locks the SKU's rows at the given locations until the transaction ends, in id order so two
 * transfers in opposite directions cannot deadlock. A concurrent adjustment waits here and then
 * sees the committed quantities, so two of them can never both pass the reserved check.
 */
export function lockStockItems(tx: Tx, skuId: string, lot: string, locationIds: string[]): Promise<LockedItem[]> {
  return tx.$queryRaw<LockedItem[]>`
    SELECT id, "locationId", quantity, reserved FROM "StockItem"
    WHERE "skuId" = ${skuId}::uuid AND lot = ${lot} AND "locationId" = ANY(${locationIds}::uuid[])
    ORDER BY id
    FOR UPDATE`;
}

export interface AdjustmentRecord extends StockKey {
  delta: number;
  quantityAfter: number;
  reason: AdjustmentReason;
  note: string | null;
  transferId?: string;
}

export function recordAdjustment(tx: Tx, actor: Identity, record: AdjustmentRecord) {
  return tx.stockAdjustment.create({ data: { ...record, actorId: actor.userId } });
}
