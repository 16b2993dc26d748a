import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, demoId, type DemoOrder, type DemoOrderStatus } from "@floorgraph/demo-data";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { demoIdentity, errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { ordersService } from "../src/server.ts";

let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersService, { seed: true });
});
afterAll(() => subgraph?.stop());

const ACME = demoId("partner", "ACME");
const used = new Set<string>();
/** A seeded order in the given state that no other test has touched. */
function pick(status: DemoOrderStatus, where: (o: DemoOrder) => boolean = () => true): DemoOrder {
  const order = demoDataset().orders.find((o) => o.status === status && where(o) && !used.has(o.id));
  if (!order) throw new Error(`no unused demo order in ${status}`);
  used.add(order.id);
  return order;
}

const SET = `mutation($id: ID!, $status: OrderStatus!, $reason: String) {
  setOrderStatus(id: $id, status: $status, reason: $reason) { id status updatedAt statusHistory { from to reason } } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { id status cancellationReason statusHistory { from to reason } } }`;

/** What a refused request must leave untouched. */
async function snapshot(orderId: string) {
  const order = await subgraph.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
  return {
    status: order.status,
    updatedAt: order.updatedAt.toISOString(),
    history: await subgraph.prisma.orderStatusChange.count({ where: { orderId } }),
    audits: await subgraph.prisma.auditEntry.count(),
  };
}

describe("setOrderStatus", () => {
  it("moves an order one step, records history and audit", async () => {
    const order = pick("CREATED");
    const res = await signedGql(subgraph.url, SET, { id: order.id, status: "ALLOCATED", reason: "stock reserved" }, await tokenFor("SUPERVISOR"));
    expect(res.errors).toBeUndefined();
    expect(res.data?.setOrderStatus.status).toBe("ALLOCATED");
    expect(res.data?.setOrderStatus.statusHistory).toEqual([
      { from: null, to: "CREATED", reason: null },
      { from: "CREATED", to: "ALLOCATED", reason: "stock reserved" },
    ]);
    const change = await subgraph.prisma.orderStatusChange.findFirstOrThrow({ where: { orderId: order.id, toStatus: "ALLOCATED" } });
    expect(change.actorId).toBe(demoIdentity("SUPERVISOR").userId);
    const audit = await subgraph.prisma.auditEntry.findFirstOrThrow({ where: { subjectId: order.id } });
    expect(audit).toMatchObject({ action: "order.status_changed", actorId: demoIdentity("SUPERVISOR").userId, subjectType: "Order" });
  });

  it("follows a backorder to allocation and an order all the way to DELIVERED", async () => {
    const admin = await tokenFor("ADMIN");
    const backordered = pick("BACKORDERED");
    expect((await signedGql(subgraph.url, SET, { id: backordered.id, status: "ALLOCATED" }, admin)).data?.setOrderStatus.status).toBe("ALLOCATED");
    const order = pick("ALLOCATED");
    for (const status of ["RELEASED", "PICKING", "PACKED", "SHIPPED", "DELIVERED"]) {
      const res = await signedGql(subgraph.url, SET, { id: order.id, status }, admin);
      expect(res.data?.setOrderStatus.status).toBe(status);
    }
    expect(await subgraph.prisma.orderStatusChange.count({ where: { orderId: order.id } })).toBe(7);
  });

  it("refuses an illegal step with CONFLICT naming both states, writing nothing", async () => {
    const admin = await tokenFor("ADMIN");
    for (const [from, to] of [["CREATED", "SHIPPED"], ["DELIVERED", "CREATED"], ["PACKED", "PICKING"], ["CANCELLED", "ALLOCATED"], ["ALLOCATED", "ALLOCATED"]] as const) {
      const order = pick(from);
      const before = await snapshot(order.id);
      const res = await signedGql(subgraph.url, SET, { id: order.id, status: to }, admin);
      expect(errorCodes(res)).toEqual(["CONFLICT"]);
      expect(res.errors?.[0]?.message).toContain(`from ${from} to ${to}`);
      expect(res.errors?.[0]?.message).toContain(order.number);
      expect(await snapshot(order.id)).toEqual(before);
    }
  });

  it("is for SUPERVISOR and ADMIN only", async () => {
    const order = pick("CREATED");
    const before = await snapshot(order.id);
    for (const role of ["OPERATOR", "PICKER", "VIEWER", "PARTNER"] as const) {
      expect(errorCodes(await signedGql(subgraph.url, SET, { id: order.id, status: "ALLOCATED" }, await tokenFor(role)))).toEqual(["FORBIDDEN"]);
    }
    expect(errorCodes(await signedGql(subgraph.url, SET, { id: order.id, status: "ALLOCATED" }))).toEqual(["UNAUTHENTICATED"]);
    expect(await snapshot(order.id)).toEqual(before);
  });

  it("answers NOT_FOUND for an unknown order and BAD_USER_INPUT for a malformed id or long reason", async () => {
    const admin = await tokenFor("ADMIN");
    expect(errorCodes(await signedGql(subgraph.url, SET, { id: demoId("order", "ghost"), status: "ALLOCATED" }, admin))).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await signedGql(subgraph.url, SET, { id: "SO-000001", status: "ALLOCATED" }, admin))).toEqual(["BAD_USER_INPUT"]);
    const order = pick("CREATED");
    const res = await signedGql(subgraph.url, SET, { id: order.id, status: "ALLOCATED", reason: "x".repeat(501) }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
  });
});

describe("cancelOrder", () => {
  it("lets staff cancel with a reason", async () => {
    const order = pick("PICKING");
    const res = await signedGql(subgraph.url, CANCEL, { id: order.id, reason: " customer called " }, await tokenFor("OPERATOR"));
    expect(res.errors).toBeUndefined();
    expect(res.data?.cancelOrder).toMatchObject({ status: "CANCELLED", cancellationReason: "customer called" });
    expect(res.data?.cancelOrder.statusHistory.at(-1)).toEqual({ from: "PICKING", to: "CANCELLED", reason: "customer called" });
    expect(await subgraph.prisma.auditEntry.count({ where: { subjectId: order.id, action: "order.cancelled" } })).toBe(1);
  });

  it("lets a partner cancel its own organisation's order, and not another's", async () => {
    const partner = await tokenFor("PARTNER");
    const own = pick("CREATED", (o) => o.partnerId === ACME);
    expect((await signedGql(subgraph.url, CANCEL, { id: own.id }, partner)).data?.cancelOrder).toMatchObject({ status: "CANCELLED", cancellationReason: null });
    for (const other of [pick("CREATED", (o) => o.partnerId !== null && o.partnerId !== ACME), pick("ALLOCATED", (o) => o.partnerId === null)]) {
      const before = await snapshot(other.id);
      const res = await signedGql(subgraph.url, CANCEL, { id: other.id }, partner);
      expect(errorCodes(res)).toEqual(["NOT_FOUND"]);
      expect(await snapshot(other.id)).toEqual(before);
    }
  });

  it("refuses to cancel once packed, or twice, with CONFLICT", async () => {
    const admin = await tokenFor("ADMIN");
    for (const status of ["PACKED", "SHIPPED", "DELIVERED", "CANCELLED"] as const) {
      const order = pick(status);
      const before = await snapshot(order.id);
      const res = await signedGql(subgraph.url, CANCEL, { id: order.id }, admin);
      expect(errorCodes(res)).toEqual(["CONFLICT"]);
      expect(res.errors?.[0]?.message).toContain(`from ${status} to CANCELLED`);
      expect(await snapshot(order.id)).toEqual(before);
    }
  });

  it("refuses roles that may not cancel and API keys without orders:write", async () => {
    const order = pick("CREATED", (o) => o.partnerId === ACME);
    const before = await snapshot(order.id);
    for (const role of ["PICKER", "VIEWER"] as const) {
      expect(errorCodes(await signedGql(subgraph.url, CANCEL, { id: order.id }, await tokenFor(role)))).toEqual(["FORBIDDEN"]);
    }
    const readOnlyKey = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:read"] });
    expect(errorCodes(await signedGql(subgraph.url, CANCEL, { id: order.id }, readOnlyKey))).toEqual(["FORBIDDEN"]);
    expect(await snapshot(order.id)).toEqual(before);
    const writerKey = await tokenFor("PARTNER", { kind: "api-key", scopes: ["orders:write"] });
    expect((await signedGql(subgraph.url, CANCEL, { id: order.id }, writerKey)).data?.cancelOrder.status).toBe("CANCELLED");
  });

  it("lets only one of two concurrent changes win", async () => {
    const admin = await tokenFor("ADMIN");
    const order = pick("RELEASED");
    const results = await Promise.all([
      signedGql(subgraph.url, CANCEL, { id: order.id, reason: "a" }, admin),
      signedGql(subgraph.url, SET, { id: order.id, status: "PICKING" }, admin),
      signedGql(subgraph.url, CANCEL, { id: order.id, reason: "b" }, admin),
    ]);
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    const history = await subgraph.prisma.orderStatusChange.findMany({ where: { orderId: order.id }, orderBy: { at: "asc" } });
    // Every recorded step starts where the previous one ended: no lost update.
    for (let i = 1; i < history.length; i++) expect(history[i]?.fromStatus).toBe(history[i - 1]?.toStatus);
    expect(history.filter((h) => h.toStatus === "CANCELLED")).toHaveLength(1);
    for (const failed of results.filter((r) => r.errors)) expect(errorCodes(failed)).toEqual(["CONFLICT"]);
  });
});
