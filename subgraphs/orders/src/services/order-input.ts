import { createHash } from "node:crypto";
import { badInput } from "@floorgraph/errors";
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

const optional = (value: string | null | undefined) => value?.trim() || null;

function required(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badInput(`${field} must not be empty`, { field });
  if (trimmed.length > MAX_TEXT) throw badInput(`${field} must be at most ${MAX_TEXT} characters`, { field });
  return trimmed;
}

function normalizeAddress(address: AddressRequest | null | undefined): Address {
  if (!address) return PLACEHOLDER_ADDRESS;
  const country = address.country.trim().toUpperCase();
  if (!COUNTRY.test(country)) throw badInput("shipTo.country must be an ISO 3166-1 alpha-2 code, e.g. NL", { field: "shipTo.country" });
  return {
    name: required(address.name, "shipTo.name"),
    line1: required(address.line1, "shipTo.line1"),
    line2: optional(address.line2),
    city: required(address.city, "shipTo.city"),
    postalCode: required(address.postalCode, "shipTo.postalCode"),
    country,
    phone: optional(address.phone),
  };
}

function normalizeLines(lines: PlaceOrderRequest["lines"]): NormalizedOrder["lines"] {
  if (lines.length === 0) throw badInput("An order needs at least one line", { field: "lines" });
  if (lines.length > MAX_LINES) throw badInput(`An order has at most ${MAX_LINES} lines`, { field: "lines" });
  const seen = new Map<string, number>();
  return lines.map((line, index) => {
    // Inventory stores codes upper case and looks them up in any case; so do orders.
    const skuCode = line.skuCode.trim().toUpperCase();
    if (!skuCode || skuCode.length > 64) {
      throw badInput(`lines[${index}].skuCode must be 1-64 characters`, { field: `lines[${index}].skuCode` });
    }
    const first = seen.get(skuCode);
    if (first !== undefined) {
      throw badInput(`lines[${index}] repeats SKU ${skuCode} of lines[${first}]; put the whole quantity on one line`, {
        field: `lines[${index}].skuCode`,
      });
    }
    seen.set(skuCode, index);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_LINE_QUANTITY) {
      throw badInput(`lines[${index}].quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}`, { field: `lines[${index}].quantity` });
    }
    return { skuCode, quantity: line.quantity };
  });
}

function normalizeDate(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput("requestedShipDate is not a date", { field: "requestedShipDate" });
  return date.toISOString().slice(0, 10);
}

/** Checks a placement request's shape and brings it to one canonical form; throws BAD_USER_INPUT naming the field. */
export function normalizeOrderRequest(request: PlaceOrderRequest): NormalizedOrder {
  const idempotencyKey = request.idempotencyKey;
  if (!idempotencyKey.trim() || idempotencyKey.length > MAX_KEY_LENGTH) {
    throw badInput(`idempotencyKey must be 1-${MAX_KEY_LENGTH} characters`, { field: "idempotencyKey" });
  }
  const externalReference = optional(request.externalReference);
  if (externalReference && externalReference.length > 100) {
    throw badInput("externalReference must be at most 100 characters", { field: "externalReference" });
  }
  return {
    idempotencyKey,
    lines: normalizeLines(request.lines),
    priority: request.priority ?? "NORMAL",
    requestedShipDate: normalizeDate(request.requestedShipDate),
    externalReference,
    shipTo: normalizeAddress(request.shipTo),
  };
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
