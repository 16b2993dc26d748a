import { badInput } from "@floorgraph/errors";

/** SKU codes: upper-case letters, digits and '-', 3 to 32 characters, starting with a letter or digit. */
export const SKU_CODE = /^[A-Z0-9][A-Z0-9-]{2,31}$/;

/** Codes are stored upper case; lookups accept any case and surrounding spaces. */
export const normalizeSkuCode = (code: string) => code.trim().toUpperCase();

export function assertSkuCode(code: string, field = "code"): string {
  const normalized = normalizeSkuCode(code);
  if (!SKU_CODE.test(normalized)) {
    throw badInput(`${field} '${code.slice(0, 40)}' must be 3-32 letters, digits or '-', starting with a letter or digit`, { field });
  }
  return normalized;
}
