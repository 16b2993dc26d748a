import { badInput } from "@floorgraph/errors";

export const MAX_PAGE_SIZE = 200;

/** Validates a `first` argument: lists are always bounded, so one query cannot read a whole table. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, { field: "first" });
  }
  return size;
}
