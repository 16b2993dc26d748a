import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import { InProcessBus } from "./in-process-bus.ts";
import { encodeEvent, newEvent, type DomainEvent } from "./envelope.ts";
import { createEventRuntime, type EventRuntime } from "./runtime.ts";
import type { RawTransaction } from "./outbox.ts";
import type { DeadLetter } from "./consumer.ts";
import { replayDeadLetters } from "./replay.ts";
import { z } from "zod";
import { defineEvent } from "./contract.ts";
import { on } from "./consumer.ts";

// The tables every service's migration creates (prisma/<service>/schema.prisma: OutboxEvent, InboxEvent).
const TABLES = `
CREATE TABLE "OutboxEvent" ("seq" BIGSERIAL PRIMARY KEY, "id" UUID NOT NULL UNIQUE, "topic" TEXT NOT NULL, "key" TEXT NOT NULL,
  "type" TEXT NOT NULL, "message" JSONB NOT NULL, "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(), "publishedAt" TIMESTAMPTZ(3));
CREATE TABLE "InboxEvent" ("consumer" TEXT NOT NULL, "eventId" TEXT NOT NULL, "type" TEXT NOT NULL, "outcome" TEXT NOT NULL,
  "handledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(), PRIMARY KEY ("consumer", "eventId"));
CREATE TABLE "Effect" ("eventId" TEXT NOT NULL, "n" INT NOT NULL);`;

/** A Database transaction shaped like the Prisma transaction client the consumer gets in the services. */
const prismaLike = (tx: Pick<Database, "query">): RawTransaction => ({
  $executeRawUnsafe: async (sql, ...values) => (await tx.query(sql, values)).length,
  $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => (await tx.query(sql, values)) as T,
});

let db: Database;
let bus: InProcessBus;
let runtime: EventRuntime;
const logger = createLogger("events-test", "silent");
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 300 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
};
const count = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0]?.n);

beforeEach(async () => {
  db = await openDatabase({ pgliteDir: "memory://" });
  await db.exec(TABLES);
  bus = new InProcessBus();
  runtime = createEventRuntime({ service: "test", db, bus, logger, retry: { maxAttempts: 3, initialBackoffMs: 5, maxBackoffMs: 10 } });
});
afterEach(async () => {
  await runtime.stop();
  await bus.close();
  await db.close();
});

function consume(handle: (event: DomainEvent<{ n: number }>, tx: RawTransaction) => Promise<void>) {
  runtime.consume({
    name: "effects",
    topics: ["order.events"],
    transaction: (fn) => db.transaction((tx) => fn(prismaLike(tx))),
    handlers: { "order.placed": handle },
  });
}

describe("outbox, relay and consumer", () => {
  it("publishes what a transaction appended once it commits, and nothing of one that rolled back", async () => {
    const kept = newEvent({ type: "order.placed", source: "test", subject: "a", data: { n: 1 } });
    const lost = newEvent({ type: "order.placed", source: "test", subject: "b", data: { n: 2 } });
    await db.transaction((tx) => runtime.outbox.append(prismaLike(tx), kept));
    await db.transaction(async (tx) => {
      await runtime.outbox.append(prismaLike(tx), lost);
      throw new Error("rolled back");
    }).catch(() => undefined);
    const seen: string[] = [];
    await bus.subscribe({ group: "reader", topics: ["order.events"], handle: async (m) => void seen.push(JSON.parse(m.value).id) });
    runtime.startRelay();
    await until(async () => (await count(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL`)) === 0 && seen.length === 1);
    expect(seen).toEqual([kept.id]);
  });

  it("applies a redelivered event once", async () => {
    consume(async (event, tx) => void (await tx.$queryRawUnsafe(`INSERT INTO "Effect" VALUES ($1, $2) RETURNING 1`, event.id, event.data.n)));
    await runtime.startConsumers();
    const event = encodeEvent(newEvent({ type: "order.placed", source: "test", subject: "a", data: { n: 7 } }));
    await bus.publish([{ topic: "order.events", messages: [event, event, event] }]);
    await until(async () => (await bus.lag("effects", ["order.events"])) === 0);
    expect(await count(`SELECT count(*)::int AS n FROM "Effect"`)).toBe(1);
  });

  it("retries a failing handler, then records the event dead and sends a dead letter with the error", async () => {
    let calls = 0;
    consume(async (event, tx) => {
      calls++;
      await tx.$queryRawUnsafe(`INSERT INTO "Effect" VALUES ($1, $2) RETURNING 1`, event.id, event.data.n);
      throw new Error("this event can never be applied");
    });
    await runtime.startConsumers();
    const letters: DomainEvent<DeadLetter>[] = [];
    await bus.subscribe({ group: "dlq-reader", topics: ["dlq"], handle: async (m) => void letters.push(JSON.parse(m.value)) });
    runtime.startRelay();
    const poison = newEvent({ type: "order.placed", source: "test", subject: "p", data: { n: 1 } });
    await bus.publish([{ topic: "order.events", messages: [encodeEvent(poison)] }]);
    await until(async () => letters.length === 1);
    expect(calls).toBe(3);
    expect(letters[0]?.data).toMatchObject({ consumer: "effects", attempts: 3, error: "this event can never be applied", originalTopic: "order.events", event: { id: poison.id } });
    // Every failed attempt rolled back: no effect, and the inbox remembers the event as dead.
    expect(await count(`SELECT count(*)::int AS n FROM "Effect"`)).toBe(0);
    expect(await db.query(`SELECT outcome FROM "InboxEvent"`)).toEqual([{ outcome: "DEAD" }]);
  });

  it("replays a dead event to its consumer once the cause is fixed", async () => {
    let fixed = false;
    consume(async (event, tx) => {
      if (!fixed) throw new Error("a bug, fixed in the next release");
      await tx.$queryRawUnsafe(`INSERT INTO "Effect" VALUES ($1, $2) RETURNING 1`, event.id, event.data.n);
    });
    await runtime.startConsumers();
    runtime.startRelay();
    const poison = newEvent({ type: "order.placed", source: "test", subject: "r", data: { n: 3 } });
    await bus.publish([{ topic: "order.events", messages: [encodeEvent(poison)] }]);
    await until(async () => (await count(`SELECT count(*)::int AS n FROM "InboxEvent" WHERE outcome = 'DEAD'`)) === 1);

    fixed = true;
    expect(await replayDeadLetters(db, "effects")).toEqual([{ eventId: poison.id, type: "order.placed", topic: "order.events" }]);
    runtime.outbox.flush();
    await until(async () => (await count(`SELECT count(*)::int AS n FROM "Effect"`)) === 1);
    expect(await db.query(`SELECT outcome FROM "InboxEvent"`)).toEqual([{ outcome: "HANDLED" }]);
    expect(await replayDeadLetters(db, "effects")).toEqual([]);
  });

  it("keeps a transient database failure unacknowledged instead of dead-lettering it", async () => {
    let calls = 0;
    consume(async () => {
      if (++calls < 5) throw Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" });
    });
    await runtime.startConsumers();
    await bus.publish([{ topic: "order.events", messages: [encodeEvent(newEvent({ type: "order.placed", source: "test", subject: "t", data: { n: 1 } }))] }]);
    await until(async () => (await bus.lag("effects", ["order.events"])) === 0);
    expect(calls).toBe(5);
    expect(await db.query(`SELECT outcome FROM "InboxEvent"`)).toEqual([{ outcome: "HANDLED" }]);
  }, 20_000);

  it("validates a contract-bound event on receipt: a payload that can never match goes to the dlq at once, with the validation error", async () => {
    const placed = defineEvent({ type: "order.placed", source: "test", description: "test", data: z.object({ n: z.number().int().positive() }) });
    const seen: number[] = [];
    runtime.consume({
      name: "effects",
      topics: ["order.events"],
      transaction: (fn) => db.transaction((tx) => fn(prismaLike(tx))),
      handlers: [
        on(placed, async (event, tx: RawTransaction) => {
          seen.push(event.data.n);
          await tx.$queryRawUnsafe(`INSERT INTO "Effect" VALUES ($1, $2) RETURNING 1`, event.id, event.data.n);
        }),
      ],
    });
    await runtime.startConsumers();
    const letters: DomainEvent<DeadLetter>[] = [];
    await bus.subscribe({ group: "dlq-reader", topics: ["dlq"], handle: async (m) => void letters.push(JSON.parse(m.value)) });
    runtime.startRelay();
    const valid = placed.create("v", { n: 2 });
    // A producer that bypassed the contract (an older release, another language): n is a string.
    const invalid = newEvent({ type: "order.placed", source: "test", subject: "i", data: { n: "two" } });
    await bus.publish([{ topic: "order.events", messages: [encodeEvent(invalid), encodeEvent(valid)] }]);
    await until(async () => letters.length === 1 && seen.length === 1);
    expect(valid.dataschema).toBe("urn:floorgraph:events:order.placed:v1");
    expect(seen).toEqual([2]);
    expect(letters[0]?.data).toMatchObject({ consumer: "effects", attempts: 1, originalTopic: "order.events", event: { id: invalid.id, data: { n: "two" } } });
    expect(letters[0]?.data.error).toMatch(/order\.placed .* does not match its contract[\s\S]*expected number[\s\S]*at n/);
    expect(await db.query(`SELECT "eventId", outcome FROM "InboxEvent" ORDER BY outcome`)).toEqual([
      { eventId: invalid.id, outcome: "DEAD" },
      { eventId: valid.id, outcome: "HANDLED" },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM "Effect"`)).toBe(1);
  });

  it("refuses to create an event whose payload breaks the producer's own contract", () => {
    const placed = defineEvent({ type: "order.placed", source: "test", description: "test", data: z.object({ n: z.number().int().positive() }) });
    expect(() => placed.create("x", { n: -1 })).toThrow(/order\.placed does not match its contract/);
  });
});
