import { describe, expect, it } from "vitest";
import { buildDemoDataset, RESERVING } from "./index.ts";

describe("demo dataset", () => {
  const now = new Date("2026-11-01T10:30:00Z");
  const data = buildDemoDataset(now);

  it("is the size the design asks for", () => {
    expect(data.warehouses).toHaveLength(2);
    expect(data.locations.length).toBeGreaterThan(4800);
    expect(data.locations.length).toBeLessThan(5200);
    expect(data.skus).toHaveLength(2000);
    expect(data.orders).toHaveLength(1000);
    expect(new Set(data.users.map((u) => u.role))).toEqual(new Set(["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "PARTNER", "VIEWER"]));
    expect(data.shipments.length).toBeGreaterThan(300);
  });

  it("is deterministic: two builds agree on ids and quantities", () => {
    const again = buildDemoDataset(now);
    expect(again.orders.map((o) => [o.id, o.status, o.lines])).toEqual(data.orders.map((o) => [o.id, o.status, o.lines]));
    expect(again.stock).toEqual(data.stock);
  });

  it("has unique location codes per warehouse and unique ids", () => {
    const codes = new Set(data.locations.map((l) => `${l.warehouseId}/${l.code}`));
    expect(codes.size).toBe(data.locations.length);
    expect(new Set(data.stock.map((s) => s.id)).size).toBe(data.stock.length);
  });

  it("keeps references consistent across services", () => {
    const skuCodes = new Set(data.skus.map((s) => s.code));
    const locationIds = new Set(data.locations.map((l) => l.id));
    const userIds = new Set(data.users.map((u) => u.id));
    const orderIds = new Set(data.orders.map((o) => o.id));
    expect(data.stock.every((s) => skuCodes.has(s.skuCode) && locationIds.has(s.locationId))).toBe(true);
    expect(data.orders.every((o) => userIds.has(o.customerId) && o.lines.every((l) => skuCodes.has(l.skuCode)))).toBe(true);
    expect(data.shipments.every((s) => orderIds.has(s.orderId))).toBe(true);
  });

  it("reserves stock for allocated orders and never more than on hand", () => {
    expect(data.stock.every((s) => s.reserved <= s.quantity && s.reserved >= 0)).toBe(true);
    const reserving = data.orders.filter((o) => RESERVING.includes(o.status)).length;
    expect(reserving).toBeGreaterThan(0);
    expect(data.stock.some((s) => s.reserved > 0)).toBe(true);
  });

  it("mixes order states", () => {
    const states = new Set(data.orders.map((o) => o.status));
    for (const s of ["CREATED", "ALLOCATED", "BACKORDERED", "SHIPPED", "DELIVERED", "CANCELLED"]) expect(states).toContain(s);
  });
});
