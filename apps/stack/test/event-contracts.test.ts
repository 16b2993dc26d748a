import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeEvent, newEvent, type DeadLetter, type DomainEvent } from "@floorgraph/events";
import { orderCancelled, orderPlaced } from "@floorgraph/orders/events";
import { demoDataset } from "@floorgraph/demo-data";
import { discoverSubgraphs } from "@floorgraph/manifests";
import type { ServiceName } from "@floorgraph/service";
import { tokenFor } from "@floorgraph/testing";
import { createFlow } from "./flow.ts";
import { startTestStack, type TestStack } from "./harness.ts";

// The whole system on its bus (Kafka when FLOORGRAPH_TEST_KAFKA_BROKERS is set, else the in-process
// bus): consumers validate payloads against the producers' contracts on receipt.
let stack: TestStack;
beforeAll(async () => {
  // Many attempts: a payload that cannot validate must still be dead-lettered after one.
  stack = await startTestStack({ eventRetry: { maxAttempts: 10, initialBackoffMs: 20, maxBackoffMs: 50 } });
}, 180_000);
afterAll(() => stack?.stopAll());

describe("event contracts on the bus", () => {
  it("has each service read exactly the topics its manifest says it consumes (derived from the contracts it handles)", () => {
    for (const manifest of discoverSubgraphs()) {
      const groups = stack.subgraphs[manifest.name as ServiceName]?.booted.events.consumers() ?? [];
      const read = groups.flatMap((g) => g.topics).sort();
      expect({ service: manifest.name, read }).toEqual({ service: manifest.name, read: [...manifest.events.consumes].sort() });
      if (groups.length) expect(groups.map((g) => g.group)).toEqual([manifest.name]);
    }
  });

  it("dead-letters a payload that breaks its contract at once (no retries), with the validation error, and writes nothing", async () => {
    const letters: DomainEvent<DeadLetter>[] = [];
    const dlq = await stack.bus.subscribe({ group: `test-dlq-${randomUUID()}`, topics: ["dlq"], handle: async (m) => void letters.push(JSON.parse(m.value)) });
    try {
      const orderId = randomUUID();
      // What an out-of-date producer might send: quantities as strings, a cancellation without its number.
      const placed = newEvent({
        type: orderPlaced.type,
        source: "orders",
        subject: orderId,
        data: { orderId, number: "SO-999998", priority: "NORMAL", partnerId: null, customerId: randomUUID(), lines: [{ lineId: randomUUID(), lineNumber: 1, skuCode: "SKU-1", quantity: "3" }] },
      });
      const cancelled = newEvent({ type: orderCancelled.type, source: "orders", subject: orderId, data: { orderId, reason: null } });
      await stack.bus.publish([{ topic: "order.events", messages: [encodeEvent(placed), encodeEvent(cancelled)] }]);
      // inventory reads both; the warehouse reads order.cancelled.
      const expected = (l: DomainEvent<DeadLetter>) => `${l.data.consumer}:${l.data.event?.type}`;
      const deadline = Date.now() + 60_000;
      while (letters.filter((l) => l.data.event?.subject === orderId).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

      const mine = letters.filter((l) => l.data.event?.subject === orderId);
      expect(mine.map(expected).sort()).toEqual(["inventory:order.cancelled", "inventory:order.placed", "warehouse:order.cancelled"]);
      for (const letter of mine) {
        expect(letter.data.attempts).toBe(1);
        expect(letter.dataschema).toBe("urn:floorgraph:events:dlq.dead_letter:v1");
      }
      const placedLetter = mine.find((l) => l.data.event?.type === "order.placed");
      expect(placedLetter?.data.error).toMatch(/order\.placed .* does not match its contract \(urn:floorgraph:events:order\.placed:v1\)[\s\S]*expected number[\s\S]*lines\[0\]\.quantity/);
      expect(mine.find((l) => l.data.consumer === "warehouse")?.data.error).toMatch(/expected string[\s\S]*at number/);
      // Nothing was applied: no reservation or demand, and both consumers remember the events as dead.
      const inventory = stack.subgraphs.inventory.booted.db;
      expect(await inventory.query(`SELECT 1 FROM "Reservation" WHERE "orderId" = $1 UNION ALL SELECT 1 FROM "DemandLine" WHERE "orderId" = $1`, [orderId])).toEqual([]);
      expect(await inventory.query(`SELECT "eventId", outcome FROM "InboxEvent" WHERE "eventId" = ANY($1) ORDER BY "eventId"`, [[placed.id, cancelled.id].sort()])).toEqual(
        [placed.id, cancelled.id].sort().map((eventId) => ({ eventId, outcome: "DEAD" })),
      );
      expect(await stack.subgraphs.warehouse.booted.db.query(`SELECT outcome FROM "InboxEvent" WHERE "eventId" = $1`, [cancelled.id])).toEqual([{ outcome: "DEAD" }]);
    } finally {
      await dlq.stop();
    }
  });

  it("carries the payload's dataschema in the events a producer writes", async () => {
    const flow = createFlow(stack.url, await tokenFor("ADMIN"));
    const orderId = await flow.placeOrder([{ skuCode: demoDataset().skus[0]!.code, quantity: 1 }]);
    const rows = await stack.subgraphs.orders.booted.db.query<{ type: string; message: { value: string } }>(`SELECT type, message FROM "OutboxEvent" WHERE key = $1 ORDER BY seq`, [orderId]);
    const placed = rows.find((r) => r.type === "order.placed");
    expect(placed && JSON.parse(placed.message.value)).toMatchObject({ type: "order.placed", subject: orderId, dataschema: "urn:floorgraph:events:order.placed:v1", data: { orderId } });
  });
});
