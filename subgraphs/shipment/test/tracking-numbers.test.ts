import { describe, expect, it } from "vitest";
import { generateTrackingNumber, hasValidCheckDigit, luhnCheckDigit } from "../src/services/tracking-numbers.ts";

describe("tracking numbers", () => {
  it("computes the Luhn check digit", () => {
    // Classic examples: 7992739871 → 3, and 4539 1488 0343 646 → 7 (a valid card number ends in it).
    expect(luhnCheckDigit("7992739871")).toBe(3);
    expect(luhnCheckDigit("453914880343646")).toBe(7);
  });

  it("generates prefix + 10 digits + check digit, different every time", () => {
    const numbers = Array.from({ length: 200 }, () => generateTrackingNumber("1Z"));
    expect(numbers.every((n) => /^1Z\d{11}$/.test(n) && hasValidCheckDigit(n, "1Z"))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it("detects a mistyped digit", () => {
    const number = generateTrackingNumber("JVGL");
    const last = Number(number.at(-1));
    expect(hasValidCheckDigit(`${number.slice(0, -1)}${(last + 1) % 10}`, "JVGL")).toBe(false);
    expect(hasValidCheckDigit(number, "3S")).toBe(false);
  });
});
