import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { findUnstorableString } from "./input-guard.ts";

const doc = parse(`mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`);

describe("findUnstorableString", () => {
  it("finds a NUL in a variable and names its path", () => {
    const input = { idempotencyKey: "k", lines: [{ skuCode: "A" }, { skuCode: "B" }, { skuCode: "SKU\u00001" }] };
    expect(findUnstorableString(doc, { input })).toEqual({ field: "input.lines[2].skuCode", nul: true });
    expect(findUnstorableString(doc, { input: { externalReference: "x\u0000" } })).toEqual({ field: "input.externalReference", nul: true });
  });

  it("finds a NUL in an inline argument, naming the argument's path", () => {
    const inline = parse(`mutation { placeOrder(input: { idempotencyKey: "k", lines: [{ skuCode: "A\\u0000" }] }) { id } }`);
    expect(findUnstorableString(inline, {})).toEqual({ field: "input.lines[0].skuCode", nul: true });
    const nested = parse(`{ orders(first: 1) { lines(filter: "\\u0000") { id } } }`);
    expect(findUnstorableString(nested, undefined)).toEqual({ field: "filter", nul: true });
  });

  it("finds unpaired surrogates (no UTF-8 form) but accepts paired ones and ordinary text", () => {
    expect(findUnstorableString(doc, { input: { name: "a\uD800b" } })).toEqual({ field: "input.name", nul: false });
    expect(findUnstorableString(doc, { input: { name: "\uDC00" } })).toEqual({ field: "input.name", nul: false });
    expect(findUnstorableString(doc, { input: { name: "Zoë 📦 ✓", quantity: 3, flag: null, tags: ["a", "b"] } })).toBeNull();
  });
});
