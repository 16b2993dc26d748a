import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import { createMetricsRegistry } from "@floorgraph/metrics";
import { parseMetrics, total } from "@floorgraph/metrics/testing";
import { encodeEvent, newEvent } from "./envelope.ts";
import { InProcessBus } from "./in-process-bus.ts";
import { registerEventMetrics } from "./metrics.ts";
import type { RawTransaction } from "./outbox.ts";
import { createEventRuntime, type EventRuntime } from "./runtime.ts";

// The tables every service's migration creates (as in consumer.test.ts).
const TABLES = `
CREATE TABLE "OutboxEvent" ("seq" BIGSERIAL PRIMARY KEY, "id" UUID NOT NULL UNIQUE, "topic" TEXT NOT NULL, "key" TEXT NOT NULL,
  "type" TEXT NOT NULL, "message" JSONB NOT NULL, "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(), "publishedAt" TIMESTAMPTZ(3));
CREATE TABLE "InboxEvent" ("consumer" TEXT NOT NULL, "eventId" TEXT NOT NULL, "type" TEXT NOT NULL, "outcome" TEXT NOT NULL,
  "handledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(), PRIMARY KEY ("consumer", "eventId"));`;
const prismaLike = (tx: Pick<Database, "query">): RawTransaction => ({
  $executeRawUnsafe: async (sql, ...values) => (await tx.query(sql, values)).length,
  $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => (await tx.query(sql, values)) as T,
});

let db: Database;
let bus: InProcessBus;
let runtime: EventRuntime;
const registry = () => {
  const r = createMetricsRegistry("test");
  registerEventMetrics(r, { db, bus, consumers: () => runtime.consumers() });
  return r;
};
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
};

beforeEach(async () => {
  db = await openDatabase({ pgliteDir: "memory://" });
  await db.exec(TABLES);
  bus = new InProcessBus();
  runtime = createEventRuntime({ service: "test", db, bus, logger: createLogger("events-metrics-test", "silent"), retry: { maxAttempts: 2, initialBackoffMs: 5, maxBackoffMs: 10 } });
});
afterEach(async () => {
  await runtime.stop();
  await bus.close();
  await db.close();
});

describe("event flow metrics, read from the database and the bus at scrape time", () => {
  it("outbox backlog and relay lag grow while the relay is stopped and fall to 0 once it published", async () => {
    const r = registry();
    for (let n = 0; n < 2; n++) await db.transaction((tx) => runtime.outbox.append(prismaLike(tx), newEvent({ type: "order.placed", source: "test", subject: `s${n}`, data: { n } })));
    await new Promise((resolve) => setTimeout(resolve, 60));
    let m = parseMetrics(await r.metrics());
    expect(total(m, "events_outbox_backlog", { service: "test" })).toBe(2);
    expect(total(m, "events_relay_lag_seconds")).toBeGreaterThanOrEqual(0.05);
    runtime.startRelay();
    await until(async () => total(parseMetrics(await r.metrics()), "events_outbox_backlog") === 0);
    m = parseMetrics(await r.metrics());
    expect(total(m, "events_outbox_backlog")).toBe(0);
    expect(total(m, "events_relay_lag_seconds")).toBe(0);
  });

  it("consumer lag per group for messages it has not handled yet, and dead letters per consumer once it gives up", async () => {
    runtime.consume({
      name: "effects",
      topics: ["order.events"],
      transaction: (fn) => db.transaction((tx) => fn(prismaLike(tx))),
      handlers: {
        "order.placed": async (event) => {
          if ((event.data as { n: number }).n === 13) throw new Error("never applicable");
        },
      },
    });
    const r = registry();
    expect(total(parseMetrics(await r.metrics()), "events_dead_letters", { consumer: "effects" })).toBe(0);
    // Published before the group reads: all three wait for it.
    const events = [1, 2, 13].map((n) => encodeEvent(newEvent({ type: "order.placed", source: "test", subject: `o${n}`, data: { n } })));
    await bus.publish([{ topic: "order.events", messages: events }]);
    expect(total(parseMetrics(await r.metrics()), "events_consumer_lag_messages", { group: "effects" })).toBe(3);
    await runtime.startConsumers();
    await until(async () => total(parseMetrics(await r.metrics()), "events_dead_letters", { consumer: "effects" }) === 1);
    const m = parseMetrics(await r.metrics());
    expect(total(m, "events_dead_letters", { consumer: "effects" })).toBe(1);
    expect(total(m, "events_consumer_lag_messages", { group: "effects" })).toBe(0);
  });
});
