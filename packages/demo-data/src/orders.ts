import type { DemoSku, DemoStock } from "./catalog.ts";
import { demoUsers, type DemoUser } from "./org.ts";
import { demoId, type Random } from "./random.ts";

export type DemoOrderStatus =
  | "CREATED" | "ALLOCATED" | "BACKORDERED" | "RELEASED" | "PICKING" | "PACKED" | "SHIPPED" | "DELIVERED" | "CANCELLED";

export interface DemoAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
}

export interface DemoOrder {
  id: string;
  number: string;
  idempotencyKey: string;
  status: DemoOrderStatus;
  priority: "LOW" | "NORMAL" | "HIGH" | "URGENT";
  customerId: string;
  partnerId: string | null;
  externalReference: string | null;
  requestedShipDate: string | null;
  shipTo: DemoAddress;
  lines: { id: string; lineNumber: number; skuCode: string; quantity: number }[];
  history: { from: DemoOrderStatus | null; to: DemoOrderStatus; at: Date }[];
  cancellationReason: string | null;
  createdAt: Date;
}

/** The path an order takes; a demo order stops somewhere along it. */
const PATH: DemoOrderStatus[] = ["CREATED", "ALLOCATED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED"];
/** Orders still holding stock reservations. */
export const RESERVING: DemoOrderStatus[] = ["ALLOCATED", "RELEASED", "PICKING"];

const CITIES = [
  ["Utrecht", "3511", "NL"], ["Antwerpen", "2000", "BE"], ["Köln", "50667", "DE"], ["Lille", "59000", "FR"],
  ["Groningen", "9711", "NL"], ["Eindhoven", "5611", "NL"], ["Düsseldorf", "40213", "DE"], ["Gent", "9000", "BE"],
] as const;
const STREETS = ["Kerkstraat", "Stationsweg", "Marktplein", "Dorpsstraat", "Hoofdweg", "Industrieweg"];

export const ORDER_COUNT = 1000;

function statusFor(ageDays: number, random: Random): DemoOrderStatus {
  if (random.chance(0.05)) return "CANCELLED";
  if (ageDays > 10) return random.chance(0.8) ? "DELIVERED" : "SHIPPED";
  if (ageDays > 4) return random.pick(["SHIPPED", "SHIPPED", "DELIVERED", "PACKED"] as const);
  if (random.chance(0.12)) return "BACKORDERED";
  return random.pick(["CREATED", "ALLOCATED", "ALLOCATED", "RELEASED", "PICKING", "PACKED"] as const);
}

export function buildOrders(random: Random, now: Date, skus: DemoSku[], stock: DemoStock[]) {
  const customers = demoUsers.filter((u) => u.role === "PARTNER" || u.role === "SUPERVISOR");
  const stockBySku = new Map<string, DemoStock[]>();
  for (const item of stock) stockBySku.set(item.skuCode, [...(stockBySku.get(item.skuCode) ?? []), item]);
  const popular = skus.slice(0, Math.floor(skus.length * 0.5));
  const orders: DemoOrder[] = [];

  for (let i = 1; i <= ORDER_COUNT; i++) {
    const number = `SO-${String(i).padStart(6, "0")}`;
    const ageDays = ((ORDER_COUNT - i) / ORDER_COUNT) * 30;
    const createdAt = new Date(now.getTime() - ageDays * 86_400_000 - random.int(0, 3_600_000));
    const customer: DemoUser = random.pick(customers);
    const status = statusFor(ageDays, random);
    const lineCount = random.int(1, 5);
    const used = new Set<string>();
    const lines: DemoOrder["lines"] = [];
    for (let n = 1; lines.length < lineCount && n < 20; n++) {
      const sku = random.chance(0.8) ? random.pick(popular) : random.pick(skus);
      if (used.has(sku.code)) continue;
      used.add(sku.code);
      lines.push({ id: demoId("orderline", `${number}/${lines.length + 1}`), lineNumber: lines.length + 1, skuCode: sku.code, quantity: random.int(1, 10) });
    }
    if (RESERVING.includes(status)) {
      for (const line of lines) {
        const item = stockBySku.get(line.skuCode)?.[0];
        if (!item) continue;
        item.reserved += line.quantity;
        item.quantity = Math.max(item.quantity, item.reserved);
      }
    }
    const [city, postal, country] = random.pick(CITIES);
    const history: DemoOrder["history"] = [];
    const steps = status === "CANCELLED" ? ["CREATED", "CANCELLED"] : status === "BACKORDERED" ? ["CREATED", "BACKORDERED"] : PATH.slice(0, PATH.indexOf(status) + 1);
    let at = createdAt;
    steps.forEach((to, index) => {
      history.push({ from: (steps[index - 1] as DemoOrderStatus | undefined) ?? null, to: to as DemoOrderStatus, at });
      at = new Date(at.getTime() + random.int(10, 600) * 60_000);
    });
    orders.push({
      id: demoId("order", number),
      number,
      idempotencyKey: `demo-${number}`,
      status,
      priority: random.chance(0.05) ? "URGENT" : random.chance(0.15) ? "HIGH" : random.chance(0.1) ? "LOW" : "NORMAL",
      customerId: customer.id,
      partnerId: customer.partnerId,
      externalReference: customer.partnerId ? `PO-${random.int(100000, 999999)}` : null,
      requestedShipDate: new Date(createdAt.getTime() + 2 * 86_400_000).toISOString().slice(0, 10),
      shipTo: {
        name: `Store ${random.int(1, 400)}`,
        line1: `${random.pick(STREETS)} ${random.int(1, 250)}`,
        line2: null,
        city,
        postalCode: `${postal} ${String.fromCharCode(65 + random.int(0, 25))}${String.fromCharCode(65 + random.int(0, 25))}`,
        country,
        phone: null,
      },
      lines,
      history,
      cancellationReason: status === "CANCELLED" ? "Customer request" : null,
      createdAt,
    });
  }
  return orders;
}
