/**
 * Caps a list field at the size its SDL declares with @listSize(assumedSize: n): the cost analysis
 * prices the field at n items, so the field must never return more (see docs/demand-control.md).
 */
export function atMost<T>(items: readonly T[], max: number): T[] {
  return items.length > max ? items.slice(0, max) : (items as T[]);
}
