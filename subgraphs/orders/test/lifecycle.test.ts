import { describe, expect, it } from "vitest";
import type { OrderStatus } from "@floorgraph/prisma/orders";
import { allowedNextStatuses, assertTransition, canTransition, isFinal } from "../src/services/lifecycle.ts";

const ALL: OrderStatus[] = ["CREATED", "ALLOCATED", "BACKORDERED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED"];

const ALLOWED: [OrderStatus, OrderStatus][] = [
  ["CREATED", "ALLOCATED"], ["CREATED", "BACKORDERED"], ["CREATED", "CANCELLED"],
  ["BACKORDERED", "ALLOCATED"], ["BACKORDERED", "CANCELLED"],
  ["ALLOCATED", "RELEASED"], ["ALLOCATED", "CANCELLED"],
  ["RELEASED", "PICKING"], ["RELEASED", "CANCELLED"],
  ["PICKING", "PACKED"], ["PICKING", "CANCELLED"],
  ["PACKED", "SHIPPED"],
  ["SHIPPED", "DELIVERED"],
];

describe("order lifecycle", () => {
  it("allows exactly the listed steps and nothing else", () => {
    const allowed = new Set(ALLOWED.map(([from, to]) => `${from}>${to}`));
    for (const from of ALL) {
      for (const to of ALL) expect(canTransition(from, to), `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
    }
  });

  it("never allows staying in the same state", () => {
    for (const status of ALL) expect(canTransition(status, status)).toBe(false);
  });

  it("treats DELIVERED and CANCELLED as final and nothing else", () => {
    expect(ALL.filter(isFinal)).toEqual(["DELIVERED", "CANCELLED"]);
    expect(allowedNextStatuses("DELIVERED")).toEqual([]);
  });

  it("cannot cancel once packed", () => {
    for (const from of ["PACKED", "SHIPPED", "DELIVERED", "CANCELLED"] as const) expect(canTransition(from, "CANCELLED")).toBe(false);
  });

  it("reaches DELIVERED from CREATED along the happy path only", () => {
    const path: OrderStatus[] = ["CREATED", "ALLOCATED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED"];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1] as OrderStatus, path[i] as OrderStatus)).toBe(true);
    expect(canTransition("CREATED", "SHIPPED")).toBe(false);
    expect(canTransition("SHIPPED", "PACKED")).toBe(false);
  });

  it("refuses an illegal step with CONFLICT naming both states", () => {
    expect(() => assertTransition("CREATED", "ALLOCATED", "SO-000001")).not.toThrow();
    try {
      assertTransition("PACKED", "CANCELLED", "SO-000042");
      expect.unreachable();
    } catch (error) {
      const e = error as { message: string; extensions: Record<string, unknown> };
      expect(e.extensions.code).toBe("CONFLICT");
      expect(e.message).toContain("PACKED");
      expect(e.message).toContain("CANCELLED");
      expect(e.message).toContain("SO-000042");
      expect(e.extensions).toMatchObject({ from: "PACKED", to: "CANCELLED", allowed: ["SHIPPED"] });
    }
  });
});
