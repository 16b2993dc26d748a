import { randomInt } from "node:crypto";

const SERIAL_DIGITS = 10;

/** Luhn (mod 10) check digit of a string of digits, as most parcel carriers use. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Doubling starts with the rightmost digit, because the check digit is appended after it.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The carrier's prefix, a random serial and a Luhn check digit over the serial, e.g. 1Z48213377051. */
export function generateTrackingNumber(prefix: string): string {
  let serial = "";
  for (let i = 0; i < SERIAL_DIGITS; i++) serial += String(randomInt(10));
  return `${prefix}${serial}${luhnCheckDigit(serial)}`;
}

/** True when the serial digits after the prefix end in their correct check digit. */
export function hasValidCheckDigit(trackingNumber: string, prefix: string): boolean {
  const digits = trackingNumber.slice(prefix.length);
  if (!trackingNumber.startsWith(prefix) || !/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}
