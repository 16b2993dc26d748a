import { describe, expect, it } from "vitest";
import { formatOrderNumber, parseOrderNumber } from "../src/services/order-number.ts";
import { normalizeOrderRequest, PLACEHOLDER_ADDRESS, requestFingerprint, type PlaceOrderRequest } from "../src/services/order-input.ts";

const base: PlaceOrderRequest = {
  idempotencyKey: "k-1",
  lines: [{ skuCode: "SKU-00001", quantity: 2 }, { skuCode: "SKU-00002", quantity: 1 }],
  shipTo: { name: " Store 1 ", line1: "Kerkstraat 1", city: "Utrecht", postalCode: "3511 AB", country: "nl" },
};

const fieldOf = (request: PlaceOrderRequest) => {
  try {
    normalizeOrderRequest(request);
    return null;
  } catch (error) {
    const { extensions } = error as { extensions: { code: string; field: string } };
    expect(extensions.code).toBe("BAD_USER_INPUT");
    return extensions.field;
  }
};

describe("order requests", () => {
  it("normalises text, country and defaults", () => {
    const order = normalizeOrderRequest(base);
    expect(order.priority).toBe("NORMAL");
    expect(normalizeOrderRequest({ ...base, lines: [{ skuCode: " sku-00007 ", quantity: 1 }] }).lines).toEqual([{ skuCode: "SKU-00007", quantity: 1 }]);
    expect(order.shipTo).toMatchObject({ name: "Store 1", country: "NL", line2: null, phone: null });
    expect(normalizeOrderRequest({ ...base, shipTo: null }).shipTo).toEqual(PLACEHOLDER_ADDRESS);
    expect(normalizeOrderRequest({ ...base, requestedShipDate: new Date("2030-01-02T00:00:00Z") }).requestedShipDate).toBe("2030-01-02");
  });

  it("names the offending field", () => {
    const line = (skuCode: string, quantity: number) => ({ skuCode, quantity });
    expect(fieldOf({ ...base, idempotencyKey: "" })).toBe("idempotencyKey");
    expect(fieldOf({ ...base, idempotencyKey: "x".repeat(101) })).toBe("idempotencyKey");
    expect(fieldOf({ ...base, idempotencyKey: "x".repeat(100) })).toBeNull();
    expect(fieldOf({ ...base, lines: [] })).toBe("lines");
    expect(fieldOf({ ...base, lines: Array.from({ length: 201 }, (_, i) => line(`S-${i}`, 1)) })).toBe("lines");
    expect(fieldOf({ ...base, lines: Array.from({ length: 200 }, (_, i) => line(`S-${i}`, 1)) })).toBeNull();
    expect(fieldOf({ ...base, lines: [line("A", 1), line("B", 1), line("C", 0)] })).toBe("lines[2].quantity");
    expect(fieldOf({ ...base, lines: [line("A", 100_001)] })).toBe("lines[0].quantity");
    expect(fieldOf({ ...base, lines: [line("A", 100_000)] })).toBeNull();
    expect(fieldOf({ ...base, lines: [line("A", 1.5)] })).toBe("lines[0].quantity");
    expect(fieldOf({ ...base, lines: [line("A", 1), line(" a ", 2)] })).toBe("lines[1].skuCode");
    expect(fieldOf({ ...base, lines: [line("  ", 1)] })).toBe("lines[0].skuCode");
    expect(fieldOf({ ...base, shipTo: { ...base.shipTo!, country: "NLD" } })).toBe("shipTo.country");
    expect(fieldOf({ ...base, shipTo: { ...base.shipTo!, city: " " } })).toBe("shipTo.city");
    expect(fieldOf({ ...base, externalReference: "x".repeat(101) })).toBe("externalReference");
    // Text no column holds (NUL) and optional text without a limit before: refused too.
    expect(fieldOf({ ...base, externalReference: "ERP\u0000" })).toBe("externalReference");
    expect(fieldOf({ ...base, idempotencyKey: "k\u0000" })).toBe("idempotencyKey");
    expect(fieldOf({ ...base, lines: [line("A", 1), line("SKU\u00001", 1)] })).toBe("lines[1].skuCode");
    expect(fieldOf({ ...base, shipTo: { ...base.shipTo!, phone: "1".repeat(201) } })).toBe("shipTo.phone");
    expect(fieldOf({ ...base, shipTo: { ...base.shipTo!, line2: "\u0000" } })).toBe("shipTo.line2");
  });

  it("fingerprints content, not line order, spacing or the key", () => {
    const a = requestFingerprint(normalizeOrderRequest(base));
    const reordered = requestFingerprint(normalizeOrderRequest({ ...base, idempotencyKey: "other", lines: [...base.lines].reverse() }));
    const spaced = requestFingerprint(normalizeOrderRequest({ ...base, shipTo: { ...base.shipTo!, city: " Utrecht " } }));
    expect(reordered).toBe(a);
    expect(spaced).toBe(a);
    expect(requestFingerprint(normalizeOrderRequest({ ...base, priority: "HIGH" }))).not.toBe(a);
    expect(requestFingerprint(normalizeOrderRequest({ ...base, lines: [{ skuCode: "SKU-00001", quantity: 3 }, { skuCode: "SKU-00002", quantity: 1 }] }))).not.toBe(a);
    expect(requestFingerprint(normalizeOrderRequest({ ...base, shipTo: { ...base.shipTo!, line1: "Kerkstraat 2" } }))).not.toBe(a);
  });
});

describe("order numbers", () => {
  it("formats and parses canonical numbers only", () => {
    expect(formatOrderNumber(7)).toBe("SO-000007");
    expect(formatOrderNumber(1_234_567)).toBe("SO-1234567");
    expect(parseOrderNumber("SO-000123")).toBe(123);
    expect(parseOrderNumber("so-000123")).toBe(123);
    expect(parseOrderNumber("SO-1234567")).toBe(1_234_567);
    for (const bad of ["SO-123", "SO-0000123", "SO-000000", "123", "SO-00012a"]) expect(parseOrderNumber(bad), bad).toBeNull();
  });
});
