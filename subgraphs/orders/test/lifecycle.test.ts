import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, type DemoOrder } from "@floorgraph/demo-data";
import type { OrderStatus, PrismaClient } from "@floorgraph/prisma/orders";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { assertTransition } from "../src/services/lifecycle.ts";
import { ordersService } from "../src/server.ts";

const ALL: OrderStatus[] = ["CREATED", "ALLOCATED", "BACKORDERED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED", "CANCELLED"];

/**
 * The lifecycle as the business states it (not as lifecycle.ts's table is written): an order moves
 * forward along the fulfilment path one step at a time; a placed order may be backordered first and
 * allocated later; it can be cancelled until it is packed; DELIVERED and CANCELLED are final.
 */
const PATH: OrderStatus[] = ["CREATED", "ALLOCATED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED"];
function businessAllows(from: OrderStatus, to: OrderStatus): boolean {
  if (to === "CANCELLED") return ["CREATED", "BACKORDERED", "ALLOCATED", "RELEASED", "PICKING"].includes(from);
  if (from === "CREATED" && to === "BACKORDERED") return true;
  if (from === "BACKORDERED") return to === "ALLOCATED";
  const i = PATH.indexOf(from);
  return i >= 0 && PATH[i + 1] === to;
}

let subgraph: TestSubgraph<PrismaClient>;
let admin: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersService, { seed: true });
  admin = await tokenFor("ADMIN");
}, 120_000);
afterAll(() => subgraph?.stop());

const used = new Set<string>();
function unused(status: OrderStatus): DemoOrder {
  const order = demoDataset().orders.find((o) => o.status === status && !used.has(o.id));
  if (!order) throw new Error(`no unused demo order in ${status}`);
  used.add(order.id);
  return order;
}
const SET = `mutation($id: ID!, $status: OrderStatus!) { setOrderStatus(id: $id, status: $status) { id status statusHistory { from to } } }`;
async function snapshot(orderId: string) {
  const order = await subgraph.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
  const [history, audits, outbox] = await Promise.all([
    subgraph.prisma.orderStatusChange.count({ where: { orderId } }),
    subgraph.prisma.auditEntry.count({ where: { subjectId: orderId } }),
    subgraph.prisma.outboxEvent.count({ where: { key: orderId } }),
  ]);
  return { status: order.status, updatedAt: order.updatedAt.toISOString(), history, audits, outbox };
}

describe("order lifecycle, driven through setOrderStatus", () => {
  it.each(ALL)("from %s: takes exactly the steps the business allows, refuses every other with CONFLICT and writes nothing", async (from) => {
    const refused = unused(from);
    const before = await snapshot(refused.id);
    for (const to of ALL) {
      if (businessAllows(from, to)) {
        const order = unused(from);
        const res = await signedGql(subgraph.url, SET, { id: order.id, status: to }, admin);
        expect(res.errors, `${from} → ${to}`).toBeUndefined();
        expect(res.data?.setOrderStatus.status).toBe(to);
        expect(res.data?.setOrderStatus.statusHistory.at(-1)).toEqual({ from, to });
        expect(await subgraph.prisma.outboxEvent.count({ where: { key: order.id, type: "order.status_changed" } })).toBe(1);
      } else {
        const res = await signedGql(subgraph.url, SET, { id: refused.id, status: to }, admin);
        expect(errorCodes(res), `${from} → ${to}`).toEqual(["CONFLICT"]);
        expect(res.errors?.[0]?.message).toContain(`from ${from} to ${to}`);
      }
    }
    expect(await snapshot(refused.id)).toEqual(before);
  });

  it("walks a backordered order all the way to DELIVERED, then refuses to leave it", async () => {
    const order = unused("BACKORDERED");
    for (const to of ["ALLOCATED", "RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED"] as const) {
      const res = await signedGql(subgraph.url, SET, { id: order.id, status: to }, admin);
      expect(res.errors, to).toBeUndefined();
    }
    const before = await snapshot(order.id);
    expect(before.status).toBe("DELIVERED");
    for (const to of ALL) expect(errorCodes(await signedGql(subgraph.url, SET, { id: order.id, status: to }, admin))).toEqual(["CONFLICT"]);
    expect(await snapshot(order.id)).toEqual(before);
  });
});

describe("assertTransition", () => {
  it("refuses an illegal step with CONFLICT naming both states and what is allowed", () => {
    expect(() => assertTransition("CREATED", "ALLOCATED", "SO-000001")).not.toThrow();
    expect(() => assertTransition("PACKED", "CANCELLED", "SO-000042")).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/SO-000042.*from PACKED to CANCELLED/),
        extensions: expect.objectContaining({ code: "CONFLICT", from: "PACKED", to: "CANCELLED", allowed: ["SHIPPED"] }),
      }),
    );
    expect(() => assertTransition("DELIVERED", "SHIPPED", "SO-000043")).toThrow(/DELIVERED is final/);
  });
});
