import { createHash } from "node:crypto";
import { optionalText, parseInput, requiredText } from "@floorgraph/errors";
import { z } from "zod";
import type { OrderPriority } from "@floorgraph/prisma/orders";

export const MAX_LINES = 200;
export const MAX_LINE_QUANTITY = 100_000;
const MAX_KEY_LENGTH = 100;
const MAX_TEXT = 200;
const COUNTRY = /^[A-Z]{2}$/;

export interface AddressRequest {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone?: string | null;
}

export interface PlaceOrderRequest {
  idempotencyKey: string;
  lines: { skuCode: string; quantity: number }[];
  priority?: OrderPriority | null;
  requestedShipDate?: Date | string | null;
  externalReference?: string | null;
  shipTo?: AddressRequest | null;
}

export interface Address {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
}

export interface NormalizedOrder {
  idempotencyKey: string;
  lines: { skuCode: string; quantity: number }[];
  priority: OrderPriority;
  /** YYYY-MM-DD */
  requestedShipDate: string | null;
  externalReference: string | null;
  shipTo: Address;
}

/** Where internal test orders go when the caller gives no address. */
export const PLACEHOLDER_ADDRESS: Address = {
  name: "Internal test order",
  line1: "Floorgraph DC, Dock 1",
  line2: null,
  city: "Utrecht",
  postalCode: "3511 AA",
  country: "NL",
  phone: null,
};

const address = z.object({
  name: requiredText(MAX_TEXT),
  line1: requiredText(MAX_TEXT),
  line2: optionalText(MAX_TEXT),
  city: requiredText(MAX_TEXT),
  postalCode: requiredText(MAX_TEXT),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(COUNTRY, { error: "{field} must be an ISO 3166-1 alpha-2 code, e.g. NL" }),
  phone: optionalText(MAX_TEXT),
});

const line = z.object({
  // Inventory stores codes upper case and looks them up in any case; so do orders.
  skuCode: z
    .string()
    .trim()
    .toUpperCase()
    .min(1, { error: "{field} must be 1-64 characters" })
    .max(64, { error: "{field} must be 1-64 characters" })
    .refine((code) => !code.includes("\u0000"), { error: "{field} must not contain a NUL (U+0000) character" }),
  quantity: z
    .number()
    .int({ error: `{field} must be a whole number from 1 to ${MAX_LINE_QUANTITY}` })
    .min(1, { error: `{field} must be a whole number from 1 to ${MAX_LINE_QUANTITY}` })
    .max(MAX_LINE_QUANTITY, { error: `{field} must be a whole number from 1 to ${MAX_LINE_QUANTITY}` }),
});

const lines = z
  .array(line)
  .min(1, { error: "An order needs at least one line" })
  .max(MAX_LINES, { error: `An order has at most ${MAX_LINES} lines` })
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach(({ skuCode }, index) => {
      const first = seen.get(skuCode);
      if (first === undefined) return void seen.set(skuCode, index);
      ctx.addIssue({
        code: "custom",
        path: [index, "skuCode"],
        message: `lines[${index}] repeats SKU ${skuCode} of lines[${first}]; put the whole quantity on one line`,
      });
    });
  });

/** A calendar day as YYYY-MM-DD (the Date scalar has already refused impossible ones). */
const shipDate = z
  .union([z.date(), z.string()])
  .nullish()
  .transform((value, ctx) => {
    if (value === null || value === undefined) return null;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "{field} is not a date" });
      return z.NEVER;
    }
    return date.toISOString().slice(0, 10);
  });

/** Checked in this order: the first problem is the one reported. */
const placeOrderSchema = z.object({
  idempotencyKey: z
    .string()
    .refine((key) => key.trim().length > 0 && key.length <= MAX_KEY_LENGTH, { error: `{field} must be 1-${MAX_KEY_LENGTH} characters` })
    .refine((key) => !key.includes("\u0000"), { error: "{field} must not contain a NUL (U+0000) character" }),
  externalReference: optionalText(100),
  lines,
  priority: z.custom<OrderPriority>().nullish().transform((priority) => priority ?? "NORMAL"),
  requestedShipDate: shipDate,
  shipTo: address.nullish().transform((value): Address => value ?? PLACEHOLDER_ADDRESS),
});

/** Checks a placement request's shape and brings it to one canonical form; throws BAD_USER_INPUT naming the field. */
export function normalizeOrderRequest(request: PlaceOrderRequest): NormalizedOrder {
  return parseInput(placeOrderSchema, request);
}

/**
 * A hash of what the order asks for, so a retry (same key, same content) can be told from a
 * different order sent under a reused key. Line order does not matter; the key itself is not part of it.
 */
export function requestFingerprint(order: Omit<NormalizedOrder, "idempotencyKey">): string {
  const lines = [...order.lines].sort((a, b) => (a.skuCode < b.skuCode ? -1 : a.skuCode > b.skuCode ? 1 : 0)).map((l) => [l.skuCode, l.quantity]);
  const { name, line1, line2, city, postalCode, country, phone } = order.shipTo;
  const canonical = JSON.stringify({
    lines,
    priority: order.priority,
    requestedShipDate: order.requestedShipDate,
    externalReference: order.externalReference,
    shipTo: [name, line1, line2, city, postalCode, country, phone],
  });
  return createHash("sha256").update(canonical).digest("hex");
}
