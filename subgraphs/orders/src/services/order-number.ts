/** Human-facing order numbers: "SO-" and the order's sequence number, zero-padded to at least 6 digits. */
const NUMBER = /^SO-(\d{6,10})$/;

export const formatOrderNumber = (seq: number): string => `SO-${String(seq).padStart(6, "0")}`;

/** The sequence number behind an order number, or null when the text is not one. */
export function parseOrderNumber(number: string): number | null {
  const match = NUMBER.exec(number.trim().toUpperCase());
  if (!match) return null;
  const seq = Number(match[1]);
  // Numbers are canonical: SO-0000123 is not another spelling of SO-000123.
  return seq >= 1 && seq <= 2_147_483_647 && formatOrderNumber(seq) === `SO-${match[1]}` ? seq : null;
}
