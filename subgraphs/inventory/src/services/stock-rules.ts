import { badInput } from "@floorgraph/errors";
import type { Sku } from "@floorgraph/prisma/inventory";

const MAX_LOT_LENGTH = 64;
const MAX_NOTE_LENGTH = 500;
/** Far beyond any real movement, and well inside a 32-bit column. */
export const MAX_QUANTITY_CHANGE = 1_000_000;

/**
 * The lot column value for a SKU: lot-tracked SKUs need one, others may not have one.
 * Stored as '' when there is no lot, so (sku, location, lot) is unique without NULLs.
 */
export function lotFor(sku: Pick<Sku, "code" | "lotTracked">, lot: string | null | undefined, expiresOn?: Date | null): string {
  const value = lot?.trim() ?? "";
  if (sku.lotTracked && !value) throw badInput(`SKU ${sku.code} is lot-tracked: a lot is required`, { field: "lot" });
  if (!sku.lotTracked && value) throw badInput(`SKU ${sku.code} is not lot-tracked: a lot is not allowed`, { field: "lot" });
  if (!sku.lotTracked && expiresOn) throw badInput(`SKU ${sku.code} is not lot-tracked: an expiry date is not allowed`, { field: "expiresOn" });
  if (value.length > MAX_LOT_LENGTH) throw badInput(`lot must be at most ${MAX_LOT_LENGTH} characters`, { field: "lot" });
  return value;
}

/** GraphQL shows "no lot" as null. */
export const lotOut = (lot: string) => (lot === "" ? null : lot);

export function assertNote(note: string | null | undefined): string | null {
  const value = note?.trim() || null;
  if (value && value.length > MAX_NOTE_LENGTH) throw badInput(`note must be at most ${MAX_NOTE_LENGTH} characters`, { field: "note" });
  return value;
}

export function assertQuantityChange(value: number, field: string, { positive }: { positive: boolean }): number {
  const valid = Number.isInteger(value) && value !== 0 && Math.abs(value) <= MAX_QUANTITY_CHANGE && (!positive || value > 0);
  if (!valid) {
    const range = positive ? `between 1 and ${MAX_QUANTITY_CHANGE}` : `non-zero and at most ${MAX_QUANTITY_CHANGE} either way`;
    throw badInput(`${field} must be ${range}`, { field });
  }
  return value;
}
