/**
 * Whether a result would serialise to more than `limit` bytes of JSON, without serialising it: walks
 * the value and stops as soon as the running estimate passes the limit, so a huge result costs no
 * more than the limit to detect. Escapes are not counted (the estimate errs low by their few bytes).
 * Written by hand: JSON libraries serialise whole values; none bound the work by a byte budget.
 */
export function jsonExceeds(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") size += Buffer.byteLength(item) + 2;
    else if (typeof item === "number" || typeof item === "boolean") size += String(item).length;
    else if (item === null || item === undefined) size += 4;
    else if (Array.isArray(item)) {
      size += item.length + 1;
      for (const element of item) stack.push(element);
    } else if (typeof item === "object") {
      size += 2;
      for (const [key, field] of Object.entries(item)) {
        size += Buffer.byteLength(key) + 4;
        stack.push(field);
      }
    }
    if (size > limit) return true;
  }
  return false;
}
