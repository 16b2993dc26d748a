import type { Prisma } from "@floorgraph/prisma/inventory";

type Tx = Prisma.TransactionClient;

export interface Allocation {
  stockItemId: string;
  locationId: string;
  lot: string;
  quantity: number;
}

interface Candidate {
  id: string;
  locationId: string;
  lot: string;
  available: number;
}

/**
 * Takes up to `wanted` units of a SKU from its available stock, holding the rows it reads until the
 * transaction ends. Lot-tracked SKUs go first-expired-first-out (expired lots are never allocated);
 * others from the fullest stock first, so a line needs as few picks as possible.
 */
export async function allocate(tx: Tx, sku: { id: string; lotTracked: boolean }, wanted: number, exclude: string[] = []): Promise<Allocation[]> {
  if (wanted <= 0) return [];
  const order = sku.lotTracked ? `"expiresOn" ASC NULLS LAST, "createdAt" ASC, id` : `(quantity - reserved) DESC, id`;
  const candidates = await tx.$queryRawUnsafe<Candidate[]>(
    `SELECT id, "locationId", lot, (quantity - reserved) AS available FROM "StockItem"
     WHERE "skuId" = $1::uuid AND quantity > reserved AND NOT (id = ANY($2::uuid[]))
       AND ("expiresOn" IS NULL OR "expiresOn" >= CURRENT_DATE)
     ORDER BY ${order}
     FOR UPDATE`,
    sku.id,
    exclude,
  );
  const allocations: Allocation[] = [];
  let remaining = wanted;
  for (const candidate of candidates) {
    if (remaining === 0) break;
    const take = Math.min(remaining, Number(candidate.available));
    allocations.push({ stockItemId: candidate.id, locationId: candidate.locationId, lot: candidate.lot, quantity: take });
    remaining -= take;
  }
  for (const a of allocations) await tx.stockItem.update({ where: { id: a.stockItemId }, data: { reserved: { increment: a.quantity } } });
  return allocations;
}
