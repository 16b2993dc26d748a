import type { Database } from "@floorgraph/db";
import { Gauge, type Registry } from "@floorgraph/metrics";
import type { EventBus } from "./bus.ts";

export interface EventMetricsSource {
  db: Pick<Database, "query">;
  bus: EventBus;
  /** The service's consumer groups and their topics (EventRuntime.consumers). */
  consumers(): readonly { group: string; topics: readonly string[] }[];
}

/**
 * The event flow's health, read when Prometheus scrapes (the database and the bus are the truth,
 * so the figures are right after a restart and across replicas): what waits in the outbox and for
 * how long (the relay's lag), how far each consumer group is behind, and the dead letters each
 * consumer has left for replay. A source that does not answer leaves its gauge at its last value.
 */
export function registerEventMetrics(registry: Registry, source: EventMetricsSource): void {
  const registers = [registry];
  new Gauge({
    name: "events_outbox_backlog",
    help: "Outbox rows committed but not yet published to the bus",
    registers,
    async collect() {
      const [row] = await quiet(() => source.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL`));
      if (row) this.set(row.n);
    },
  });
  new Gauge({
    name: "events_relay_lag_seconds",
    help: "Age of the oldest unpublished outbox row (0 when the relay is caught up)",
    registers,
    async collect() {
      const [row] = await quiet(() =>
        source.db.query<{ s: number | null }>(`SELECT EXTRACT(EPOCH FROM (now() - min("createdAt")))::float8 AS s FROM "OutboxEvent" WHERE "publishedAt" IS NULL`),
      );
      if (row) this.set(Math.max(0, row.s ?? 0));
    },
  });
  new Gauge({
    name: "events_consumer_lag_messages",
    help: "Messages on a consumer group's topics it has not acknowledged yet",
    labelNames: ["group"],
    registers,
    async collect() {
      await Promise.all(
        source.consumers().map(async ({ group, topics }) => {
          const [lag] = await quiet(async () => [await source.bus.lag(group, topics)]);
          if (lag !== undefined) this.set({ group }, lag);
        }),
      );
    },
  });
  new Gauge({
    name: "events_dead_letters",
    help: "Events a consumer gave up on (sent to the dlq topic) and not yet replayed",
    labelNames: ["consumer"],
    registers,
    async collect() {
      const rows = await quiet(() => source.db.query<{ consumer: string; n: number }>(`SELECT "consumer", count(*)::int AS n FROM "InboxEvent" WHERE "outcome" = 'DEAD' GROUP BY "consumer"`));
      // Every declared consumer has a series, 0 included, so an alert can compare with the last value.
      for (const { group } of source.consumers()) this.set({ consumer: group }, 0);
      for (const row of rows) this.set({ consumer: row.consumer }, row.n);
    },
  });
}

/** A scrape must not fail because one source is down: that source's figures are left out. */
async function quiet<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch {
    return [];
  }
}
