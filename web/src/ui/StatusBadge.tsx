import { humanize } from "./format.ts";

/** An enum value as a coloured pill; the colour comes from styles.css by value (badge-SHIPPED …). */
export function StatusBadge({ value }: { value: string }) {
  return <span className={`badge badge-${value}`}>{humanize(value)}</span>;
}
