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
  expiresOn: Date | null;
  createdAt: Date;
}

const byExpiry = (a: Candidate, b: Candidate) =>
  (a.expiresOn?.getTime() ?? Infinity) - (b.expiresOn?.getTime() ?? Infinity) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
const byAvailable = (a: Candidate, b: Candidate) => b.available - a.available || a.id.localeCompare(b.id);

/**
 * Takes up to `wanted` units of a SKU from its available stock, holding the rows it reads until the
 * transaction ends. Lot-tracked SKUs go first-expired-first-out (expired lots are never allocated);
 * others from the fullest stock first, so a line needs as few picks as possible.
 */
export async function allocate(tx: Tx, sku: { id: string; lotTracked: boolean }, wanted: number, exclude: string[] = []): Promise<Allocation[]> {
  if (wanted <= 0) return [];
  // Locked in id order, whatever the policy: reservations running side by side for the same SKU
  // then wait for each other instead of deadlocking.
  const locked = await tx.$queryRawUnsafe<Candidate[]>(
    `SELECT id, "locationId", lot, (quantity - reserved) AS available, "expiresOn", "createdAt" FROM "StockItem"
     WHERE "skuId" = $1::uuid AND quantity > reserved AND NOT (id = ANY($2::uuid[]))
       AND ("expiresOn" IS NULL OR "expiresOn" >= CURRENT_DATE)
     ORDER BY id
     FOR UPDATE`,
    sku.id,
    exclude,
  );
  const candidates = locked.map((c) => ({ ...c, available: Number(c.available) })).sort(sku.lotTracked ? byExpiry : byAvailable);
  const allocations: Allocation[] = [];
  let remaining = wanted;
  for (const candidate of candidates) {
    if (remaining === 0) break;
    const take = Math.min(remaining, candidate.available);
    allocations.push({ stockItemId: candidate.id, locationId: candidate.locationId, lot: candidate.lot, quantity: take });
    remaining -= take;
  }
  for (const a of allocations) await tx.stockItem.update({ where: { id: a.stockItemId }, data: { reserved: { increment: a.quantity } } });
  return allocations;
}
