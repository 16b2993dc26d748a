import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEvent, encodeEvent, type DeadLetter, type DomainEvent } from "@floorgraph/events";
import { errorCodes, tokenFor } from "@floorgraph/testing";
import { effects, publishedEventsOf } from "./effects.ts";
import { CANCEL, createFlow, ok, type Flow } from "./flow.ts";
import { startTestStack, waitForQuiet, type TestStack } from "./harness.ts";

// The order-to-ship saga through the gateway, on the in-process bus (order-to-ship-kafka.test.ts
// runs it on a real broker). Each test makes SKUs of its own so stock figures are exact.
let stack: TestStack;
let flow: Flow;
let locations: { id: string; code: string }[];
const unique = () => randomUUID().slice(0, 8).toUpperCase();

beforeAll(async () => {
  stack = await startTestStack({ eventRetry: { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 50 } });
  flow = createFlow(stack.url, await tokenFor("ADMIN"));
  locations = await flow.pickLocations(3);
});
afterAll(() => stack?.stopAll());

describe("order to ship", () => {
  it("takes an order from placed to SHIPPED through the human steps, every status visible in the contract query", async () => {
    const [a, b] = locations as [{ id: string; code: string }, { id: string; code: string }];
    const fresh = `T-FEFO-${unique()}`;
    const plain = `T-PLAIN-${unique()}`;
    await flow.createSku(fresh, [
      { locationId: a.id, quantity: 10, lot: "LATE", expiresOn: "2099-12-31" },
      { locationId: b.id, quantity: 10, lot: "EARLY", expiresOn: "2098-01-31" },
    ], true);
    await flow.createSku(plain, [{ locationId: a.id, quantity: 20 }]);
    const id = await flow.placeOrder([{ skuCode: fresh, quantity: 4 }, { skuCode: plain, quantity: 3 }]);

    const allocated = await flow.waitForOrder(id, (o) => o.status === "ALLOCATED" && o.pickTasks.length === 2, "ALLOCATED with pick tasks");
    expect(allocated.lines.map((l) => [l.sku.code, l.reservedQuantity, l.pickedQuantity])).toEqual([[fresh, 4, 0], [plain, 3, 0]]);
    expect(allocated.pickTasks.every((t) => t.status === "PLANNED")).toBe(true);
    // FEFO: the lot expiring first, wherever it lies.
    expect(allocated.pickTasks.find((t) => t.quantity === 4)?.location.code).toBe(b.code);
    expect((await flow.sku(fresh)).stock.find((s) => s.lot === "EARLY")?.reserved).toBe(4);

    await flow.releaseWaveOf(id);
    const released = await flow.waitForOrder(id, (o) => o.status === "RELEASED", "RELEASED");
    expect(released.pickTasks.every((t) => t.status === "RELEASED")).toBe(true);

    for (const task of released.pickTasks) expect(ok(await flow.confirmPick(task.id, task.quantity)).confirmPick.status).toBe("PICKED");
    const picked = await flow.waitForOrder(id, (o) => o.status === "PICKING" && o.lines.every((l) => l.pickedQuantity === l.quantity && l.reservedQuantity === 0), "PICKING, all picked");
    expect(picked.pickTasks.every((t) => t.status === "PICKED")).toBe(true);

    ok(await flow.confirmPack(id));
    const packed = await flow.waitForOrder(id, (o) => o.status === "PACKED" && o.shipments.length === 1, "PACKED with a shipment");
    expect(packed.shipments[0]).toMatchObject({ status: "LABELLED", trackingNumber: expect.stringMatching(/^[A-Z0-9]{8,}/) });

    ok(await flow.shipShipment(await flow.shipmentIdOf(id)));
    const shipped = await flow.waitForOrder(id, (o) => o.status === "SHIPPED", "SHIPPED");
    expect(shipped.shipments[0]?.status).toBe("SHIPPED");

    const history = ok(await flow.call<{ order: { statusHistory: { to: string }[] } }>(`query($id: ID!) { order(id: $id) { statusHistory { to } } }`, { id }));
    expect(history.order.statusHistory.map((h) => h.to)).toEqual(["CREATED", "ALLOCATED", "RELEASED", "PICKING", "PACKED", "SHIPPED"]);
    // The goods left the shelves: on hand went down by what was picked, nothing stays reserved.
    expect(await flow.sku(fresh)).toMatchObject({ totalOnHand: 16, totalReserved: 0 });
    expect(await flow.sku(plain)).toMatchObject({ totalOnHand: 17, totalReserved: 0 });
    const label = ok(await flow.call<{ order: { shipments: { labelZpl: string }[] } }>(`query($id: ID!) { order(id: $id) { shipments { labelZpl } } }`, { id }));
    expect(label.order.shipments[0]?.labelZpl).toMatch(/^\^XA[\s\S]*\^BCN[\s\S]*\^XZ$/);
  });

  it("cancellation releases exactly the order's reservations and cancels its open pick tasks", async () => {
    const code = `T-CANCEL-${unique()}`;
    await flow.createSku(code, [{ locationId: (locations[0] as { id: string }).id, quantity: 9 }]);
    const keep = await flow.placeOrder([{ skuCode: code, quantity: 2 }]);
    const cancel = await flow.placeOrder([{ skuCode: code, quantity: 5 }]);
    await flow.waitForOrder(cancel, (o) => o.status === "ALLOCATED" && o.pickTasks.length === 1, "ALLOCATED");
    await flow.waitForOrder(keep, (o) => o.status === "ALLOCATED", "ALLOCATED");
    await flow.releaseWaveOf(cancel);
    await flow.waitForOrder(cancel, (o) => o.status === "RELEASED", "RELEASED");
    expect((await flow.sku(code)).totalReserved).toBe(7);

    expect(ok(await flow.call(CANCEL, { id: cancel }))).toEqual({ cancelOrder: { id: cancel, status: "CANCELLED" } });
    const cancelled = await flow.waitForOrder(cancel, (o) => o.lines[0]?.reservedQuantity === 0 && o.pickTasks.every((t) => t.status === "CANCELLED"), "released and its tasks cancelled");
    expect(cancelled.status).toBe("CANCELLED");
    await waitForQuiet(stack);
    expect(await flow.sku(code)).toMatchObject({ totalOnHand: 9, totalReserved: 2 });

    const late = await flow.confirmPick(cancelled.pickTasks[0]?.id as string, 5);
    expect(errorCodes(late)).toEqual(["CONFLICT"]);
    expect(late.errors?.[0]?.message).toMatch(/cancelled/);
  });

  it("backorders what no stock covers, and allocates the backorder when stock arrives", async () => {
    const code = `T-SHORT-${unique()}`;
    const [a, b] = locations as [{ id: string; code: string }, { id: string; code: string }];
    await flow.createSku(code, [{ locationId: a.id, quantity: 3 }]);
    const id = await flow.placeOrder([{ skuCode: code, quantity: 5 }]);
    const order = await flow.waitForOrder(id, (o) => o.status === "BACKORDERED", "BACKORDERED");
    expect(order.lines[0]).toMatchObject({ quantity: 5, reservedQuantity: 3 });
    const backordered = `query($id: ID!) { order(id: $id) { lines { backorderedQuantity } } }`;
    const line = ok(await flow.call<{ order: { lines: { backorderedQuantity: number }[] } }>(backordered, { id }));
    expect(line.order.lines[0]?.backorderedQuantity).toBe(2);
    await waitForQuiet(stack);
    expect((await flow.order(id)).pickTasks).toEqual([]);

    ok(await flow.call(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { id } }`, { i: { skuCode: code, locationId: b.id, delta: 10, reason: "RECEIPT" } }));
    const allocated = await flow.waitForOrder(id, (o) => o.status === "ALLOCATED" && o.pickTasks.length === 2, "ALLOCATED once stock arrived");
    expect(allocated.lines[0]).toMatchObject({ reservedQuantity: 5 });
    expect(allocated.pickTasks.map((t) => [t.location.code, t.quantity]).sort()).toEqual([[a.code, 3], [b.code, 2]].sort());
    expect(ok(await flow.call<{ order: { lines: { backorderedQuantity: number }[] } }>(backordered, { id })).order.lines[0]?.backorderedQuantity).toBe(0);
    expect(await flow.sku(code)).toMatchObject({ totalOnHand: 13, totalReserved: 5 });
  });

  it("re-allocates a short pick from another location, and the order still ships what was found", async () => {
    const [a, b] = locations as [{ id: string; code: string }, { id: string; code: string }];
    const code = `T-REALLOC-${unique()}`;
    await flow.createSku(code, [{ locationId: a.id, quantity: 4 }, { locationId: b.id, quantity: 10 }]);
    const id = await flow.placeOrder([{ skuCode: code, quantity: 6 }]);
    await flow.waitForOrder(id, (o) => o.status === "ALLOCATED" && o.pickTasks.length === 1, "ALLOCATED");
    await flow.releaseWaveOf(id);
    const released = await flow.waitForOrder(id, (o) => o.status === "RELEASED", "RELEASED");
    const first = released.pickTasks[0] as { id: string; quantity: number; location: { code: string } };
    expect(first).toMatchObject({ quantity: 6, location: { code: b.code } });

    expect(ok(await flow.confirmPick(first.id, 2)).confirmPick.status).toBe("SHORT");
    const again = await flow.waitForOrder(id, (o) => o.pickTasks.length === 2, "re-allocated");
    const second = again.pickTasks.find((t) => t.id !== first.id) as { id: string; status: string; quantity: number; location: { code: string } };
    expect(second).toMatchObject({ status: "RELEASED", quantity: 4, location: { code: a.code } });
    expect(errorCodes(await flow.confirmPack(id))).toEqual(["CONFLICT"]);

    ok(await flow.confirmPick(second.id, 4));
    await flow.waitForOrder(id, (o) => o.lines[0]?.pickedQuantity === 6, "fully picked");
    ok(await flow.confirmPack(id));
    await flow.waitForOrder(id, (o) => o.status === "PACKED" && o.shipments.length === 1, "PACKED");
    // 2 + 4 picked; the short location gave up its reservation and kept its remaining 8 units.
    expect(await flow.sku(code)).toMatchObject({ totalOnHand: 8, totalReserved: 0 });
  });

  it("never reserves more than is on hand when orders for the same SKU arrive together, and plans them into one wave per warehouse", async () => {
    const [a, b] = locations as [{ id: string; code: string }, { id: string; code: string }];
    const code = `T-RUSH-${unique()}`;
    await flow.createSku(code, [{ locationId: a.id, quantity: 10 }, { locationId: b.id, quantity: 10 }]);
    const ids = await Promise.all(Array.from({ length: 12 }, () => flow.placeOrder([{ skuCode: code, quantity: 2 }])));
    await waitForQuiet(stack);
    const orders = await Promise.all(ids.map((id) => flow.order(id)));
    expect(orders.filter((o) => o.status === "ALLOCATED")).toHaveLength(10);
    expect(orders.filter((o) => o.status === "BACKORDERED")).toHaveLength(2);
    expect(orders.reduce((sum, o) => sum + (o.lines[0]?.reservedQuantity ?? 0), 0)).toBe(20);
    expect(await flow.sku(code)).toMatchObject({ totalOnHand: 20, totalReserved: 20 });
    const waves = ok(
      await flow.call<{ pickTasks: { order: { id: string }; wave: { id: string; warehouse: { id: string } } }[] }>(
        `query { pickTasks(status: PLANNED, first: 200) { order { id } wave { id warehouse { id } } } }`,
      ),
    ).pickTasks.filter((t) => ids.includes(t.order.id));
    expect(new Set(waves.map((t) => t.order.id)).size).toBe(10);
    // One planning wave per warehouse the stock lies in.
    expect(new Set(waves.map((t) => t.wave.id)).size).toBe(new Set(waves.map((t) => t.wave.warehouse.id)).size);
  });

  it("refuses bad steps with clear codes and writes nothing", async () => {
    const code = `T-BAD-${unique()}`;
    await flow.createSku(code, [{ locationId: (locations[0] as { id: string }).id, quantity: 5 }]);
    const id = await flow.placeOrder([{ skuCode: code, quantity: 2 }]);
    const planned = await flow.waitForOrder(id, (o) => o.pickTasks.length === 1, "planned");
    const task = (planned.pickTasks[0] as { id: string }).id;
    expect(errorCodes(await flow.confirmPick(task, 2))).toEqual(["CONFLICT"]); // wave not released
    await flow.releaseWaveOf(id);
    await flow.waitForOrder(id, (o) => o.status === "RELEASED", "RELEASED");
    const before = await effects(stack);
    expect(errorCodes(await flow.confirmPick(task, 3))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await flow.confirmPick(task, -1))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await flow.confirmPick(task, 2, "no spaces allowed"))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await flow.confirmPick(randomUUID(), 1))).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await flow.confirmPack(id))).toEqual(["CONFLICT"]);
    expect(errorCodes(await flow.confirmPack(id, []))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await flow.call(`mutation($id: ID!) { releaseWave(id: $id) { id } }`, { id: randomUUID() }))).toEqual(["NOT_FOUND"]);
    const viewer = createFlow(stack.url, await tokenFor("VIEWER"));
    expect(errorCodes(await viewer.confirmPick(task, 2))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await viewer.confirmPack(id))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await viewer.shipShipment(randomUUID()))).toEqual(["FORBIDDEN"]);
    const partner = createFlow(stack.url, await tokenFor("PARTNER"));
    expect(errorCodes(await partner.call(`query { pickTasks { id } }`))).toEqual(["FORBIDDEN"]);
    await waitForQuiet(stack);
    expect(await effects(stack)).toEqual(before);
    expect((await flow.order(id)).pickTasks[0]?.status).toBe("RELEASED");
  });
});

describe("events", () => {
  it("a duplicate delivery of any event changes nothing", async () => {
    const code = `T-DUP-${unique()}`;
    await flow.createSku(code, [{ locationId: (locations[0] as { id: string }).id, quantity: 5 }, { locationId: (locations[1] as { id: string }).id, quantity: 4 }]);
    const id = await flow.placeOrder([{ skuCode: code, quantity: 2 }]);
    await flow.waitForOrder(id, (o) => o.pickTasks.length === 1, "planned");
    await flow.releaseWaveOf(id);
    const released = await flow.waitForOrder(id, (o) => o.status === "RELEASED", "RELEASED");
    ok(await flow.confirmPick(released.pickTasks[0]?.id as string, 1));
    await flow.waitForOrder(id, (o) => o.pickTasks.length === 2, "short pick re-allocated");
    await waitForQuiet(stack);

    const events = await publishedEventsOf(stack, id);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(["audit.recorded", "order.placed", "order.status_changed", "inventory.order_allocated", "warehouse.pick_tasks_planned", "warehouse.order_released", "warehouse.pick_confirmed", "inventory.pick_recorded"]),
    );
    const before = await effects(stack);
    for (const event of events) await stack.bus.publish([{ topic: event.topic, messages: [event.message] }]);
    await waitForQuiet(stack);
    expect(await effects(stack)).toEqual(before);
  });

  it("a poison event goes to the dlq with its error after bounded retries, leaving no partial write", async () => {
    const letters: DomainEvent<DeadLetter>[] = [];
    const dlq = await stack.bus.subscribe({
      group: `test-dlq-${unique()}`,
      topics: ["dlq"],
      handle: async (m) => void letters.push(JSON.parse(m.value) as DomainEvent<DeadLetter>),
    });
    try {
      const orderId = randomUUID();
      const poison = newEvent({
        type: "order.placed",
        source: "orders",
        subject: orderId,
        data: { orderId, number: "SO-999999", priority: "NORMAL", partnerId: null, customerId: randomUUID(), lines: [{ lineId: randomUUID(), lineNumber: 1, skuCode: "T-NO-SUCH-SKU", quantity: 1 }] },
      });
      await stack.bus.publish([{ topic: "order.events", messages: [encodeEvent(poison)] }]);
      await stack.bus.publish([{ topic: "warehouse.events", messages: [{ key: "x", value: "not a cloud event", headers: {} }] }]);
      // Every group reading warehouse.events (orders, inventory, shipment) dead-letters the malformed message on its own.
      const settled = () => letters.some((l) => l.data.event?.id === poison.id) && letters.filter((l) => l.data.raw === "not a cloud event").length === 3;
      const deadline = Date.now() + 30_000;
      while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

      const forPoison = letters.find((l) => l.data.event?.id === poison.id);
      expect(forPoison?.type).toBe("dlq.dead_letter");
      expect(forPoison?.data).toMatchObject({ consumer: "inventory", attempts: 3, originalTopic: "order.events", error: expect.stringMatching(/unknown SKU T-NO-SUCH-SKU/) });
      expect(letters.filter((l) => l.data.raw === "not a cloud event").map((l) => l.data.consumer).sort()).toEqual(["inventory", "orders", "shipment"]);
      const inventory = stack.subgraphs.inventory.booted.db;
      expect(await inventory.query(`SELECT 1 FROM "Reservation" WHERE "orderId" = $1 UNION ALL SELECT 1 FROM "DemandLine" WHERE "orderId" = $1`, [orderId])).toEqual([]);
      expect(await inventory.query(`SELECT outcome FROM "InboxEvent" WHERE "eventId" = $1`, [poison.id])).toEqual([{ outcome: "DEAD" }]);
    } finally {
      await dlq.stop();
    }
  });
});
