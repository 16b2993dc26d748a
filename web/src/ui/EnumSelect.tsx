import { humanize } from "./format.ts";

interface EnumSelectProps {
  label: string;
  values: readonly string[];
  /** "" for any. */
  value: string;
  onChange(value: string): void;
}

/** A filter over an enum's values, with "any" first. */
export function EnumSelect({ label, values, value, onChange }: EnumSelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {humanize(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
