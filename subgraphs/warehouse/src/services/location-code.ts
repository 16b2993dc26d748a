import { badInput } from "@floorgraph/errors";

export interface LocationCodeParts {
  /** The normalised code (trimmed, upper-cased). */
  code: string;
  area: string;
  aisle: string;
  rack: string;
  level: string;
  bin: string;
}

// area (1-3 letters) - aisle (2-3 digits) - rack (2-3 digits) - level (1-2 digits) - bin (1-2 letters/digits).
// Fixed widths keep codes sortable as text, which is the order every list uses.
const LOCATION_CODE = /^([A-Z]{1,3})-(\d{2,3})-(\d{2,3})-(\d{1,2})-([A-Z0-9]{1,2})$/;

export const LOCATION_CODE_FORMAT = "area-aisle-rack-level-bin, e.g. A-01-03-2-B";

/** Splits an area-aisle-rack-level-bin code into its parts; null when it is not one. */
export function parseLocationCode(input: string): LocationCodeParts | null {
  const code = input.trim().toUpperCase();
  const match = LOCATION_CODE.exec(code);
  if (!match) return null;
  const [, area, aisle, rack, level, bin] = match as unknown as [string, string, string, string, string, string];
  return { code, area, aisle, rack, level, bin };
}

export function requireLocationCode(input: string, field = "code"): LocationCodeParts {
  const parts = parseLocationCode(input);
  if (!parts) throw badInput(`'${input.slice(0, 64)}' is not a location code (${LOCATION_CODE_FORMAT})`, { field });
  return parts;
}
