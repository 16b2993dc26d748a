import type { Database } from "@floorgraph/db";
import type { Logger } from "@floorgraph/logger";
import type { EventBus } from "./bus.ts";
import type { WireMessage } from "./envelope.ts";

export interface RelayOptions {
  db: Database;
  bus: EventBus;
  logger: Logger;
  /** Poll interval when nobody nudged the relay (rows written by another process of the service). */
  pollMs?: number;
  batchSize?: number;
  /** Published rows are deleted after this long, handled inbox records after four times as long. */
  retentionMs?: number;
}

interface Row {
  seq: string;
  topic: string;
  message: WireMessage;
}

/** Keeps replicas of one service from publishing the same rows side by side (and out of order). */
const RELAY_LOCK = 0x0f10_06a9;
const MAX_BACKOFF_MS = 5_000;

/**
 * Publishes a service's outbox rows in commit order and marks them published. A row is marked only
 * after the bus acknowledged it, so a crash in between publishes it again: consumers drop the
 * duplicate by event id. While the bus is down rows wait in the table and the relay backs off.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = 0;
  private lastCleanup = 0;

  constructor(private readonly options: RelayOptions) {}

  start() {
    this.stopped = false;
    this.flush();
  }

  /** Publish now (and keep publishing until the outbox is empty). */
  flush() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) return void ((this.again = false), this.flush());
      const wait = this.failures ? Math.min(MAX_BACKOFF_MS, 200 * 2 ** this.failures) : (this.options.pollMs ?? 1_000);
      this.timer = setTimeout(() => this.flush(), wait);
    });
  }

  private async drain() {
    try {
      while (!this.stopped && (await this.publishBatch()) > 0);
      if (this.failures) this.options.logger.info({ failures: this.failures }, "outbox relay publishing again");
      this.failures = 0;
      await this.cleanup();
    } catch (error) {
      this.failures++;
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.options.logger.warn({ err: error, failures: this.failures }, "outbox relay could not publish; retrying");
      }
    }
  }

  private async publishBatch(): Promise<number> {
    const { db } = this.options;
    // On PostgreSQL one replica at a time holds the relay lock for its transaction. PGlite is one
    // process's own database, so there is only ever one relay and no transaction is held while
    // the bus is slow (it would block every other query of the embedded database).
    if (db.kind === "postgres") {
      return db.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [RELAY_LOCK]);
        if (!lock?.ok) return 0;
        return this.publishRows(tx);
      });
    }
    return this.publishRows(db);
  }

  private async publishRows(sql: Pick<Database, "query">): Promise<number> {
    const rows = await sql.query<Row>(
      `SELECT "seq"::text AS seq, "topic", "message" FROM "OutboxEvent" WHERE "publishedAt" IS NULL ORDER BY "seq" LIMIT $1`,
      [this.options.batchSize ?? 200],
    );
    if (!rows.length) return 0;
    // One request for the batch; grouped by topic, each topic's rows (and so every key's) stay in commit order.
    const byTopic = new Map<string, WireMessage[]>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row.message]);
    await this.options.bus.publish([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    await sql.query(`UPDATE "OutboxEvent" SET "publishedAt" = now() WHERE "seq" = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
    return rows.length;
  }

  private async cleanup() {
    const retention = this.options.retentionMs ?? 7 * 24 * 3600_000;
    if (Date.now() - this.lastCleanup < 600_000) return;
    this.lastCleanup = Date.now();
    await this.options.db.query(`DELETE FROM "OutboxEvent" WHERE "publishedAt" < now() - ($1::bigint * interval '1 millisecond')`, [retention]);
    // Far beyond any redelivery (Kafka keeps 7 days by default); dead records stay until replayed.
    await this.options.db.query(`DELETE FROM "InboxEvent" WHERE outcome = 'HANDLED' AND "handledAt" < now() - ($1::bigint * interval '1 millisecond')`, [
      4 * retention,
    ]);
  }

  /** Waits for a publish in progress; rows still waiting stay for the next start. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
