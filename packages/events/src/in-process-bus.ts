import type { WireMessage } from "./envelope.ts";
import type { BusSubscription, EventBus, ReceivedMessage, SubscribeOptions, TopicMessages } from "./bus.ts";

const REDELIVERY_PAUSE_MS = 500;
/** What a partition of a topic nobody consumes keeps for a late reader (audit.events, floor.events, dlq in `npm start`). */
const UNREAD_LIMIT = 10_000;

/** A published message the publisher waits on until every group reading its partition has handled it. */
interface PendingDelivery {
  waiting: Set<string>;
  settle(error?: Error): void;
}

interface TopicLog {
  /** Offset of entries[0]; entries below every group's cursor are dropped. */
  base: number;
  entries: WireMessage[];
  cursors: Map<string, number>;
  /** Groups with a running subscription on this partition. */
  readers: Set<string>;
  /** By offset. */
  pending: Map<number, PendingDelivery>;
  wake: Set<() => void>;
}

/** Kafka's default partitioner hashes differently; all that matters here is one key, one partition. */
function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % partitions;
}

/**
 * The bus for one process (`npm start`): per topic a few ordered logs (partitions, by message key),
 * each consumer group reading them from the start with its own cursors and a handler at a time per
 * partition, as a Kafka group would.
 *
 * The log lives in memory, so it cannot be what makes an event durable. Instead `publish` resolves
 * only once every group reading the message's partition has handled it (its inbox row committed):
 * the outbox relay marks a row published only then, and a process killed with events still in
 * this log publishes them again from the outbox when it starts, where the groups that had already
 * handled them find them in their inbox and skip them. A group that stops before handling a
 * message fails that publish for the same reason.
 */
export class InProcessBus implements EventBus {
  readonly kind = "in-process";
  private readonly topics = new Map<string, TopicLog>();
  private closed = false;

  constructor(private readonly partitions = 3) {}

  private log(topic: string, partition: number): TopicLog {
    const name = `${topic}#${partition}`;
    let log = this.topics.get(name);
    if (!log) this.topics.set(name, (log = { base: 0, entries: [], cursors: new Map(), readers: new Set(), pending: new Map(), wake: new Set() }));
    return log;
  }

  private logsOf(topic: string): TopicLog[] {
    return Array.from({ length: this.partitions }, (_, p) => this.log(topic, p));
  }

  async publish(batches: readonly TopicMessages[]): Promise<void> {
    if (this.closed) throw new Error("the event bus is closed");
    const delivered: Promise<void>[] = [];
    for (const { topic, messages } of batches) {
      for (const m of messages) {
        const log = this.log(topic, partitionOf(m.key, this.partitions));
        const offset = log.base + log.entries.length;
        log.entries.push({ key: m.key, value: m.value, headers: { ...m.headers } });
        if (log.readers.size) {
          const waiting = new Set(log.readers);
          delivered.push(new Promise<void>((resolve, reject) => log.pending.set(offset, { waiting, settle: (error) => (error ? reject(error) : resolve()) })));
        }
      }
      for (const log of this.logsOf(topic)) {
        if (!log.cursors.size && log.entries.length > UNREAD_LIMIT) {
          const excess = log.entries.length - UNREAD_LIMIT;
          log.entries.splice(0, excess);
          log.base += excess;
        }
        for (const wake of log.wake) wake();
      }
    }
    await Promise.all(delivered);
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    let running = true;
    const logs = options.topics.flatMap((topic) => this.logsOf(topic).map((log, partition) => ({ topic, partition, log })));
    for (const { log } of logs) {
      if (!log.cursors.has(options.group)) log.cursors.set(options.group, log.base);
      log.readers.add(options.group);
    }
    const loops = logs.map(({ topic, partition, log }) => this.deliver(topic, partition, log, options, () => running));
    return {
      stop: async () => {
        running = false;
        for (const { log } of logs) for (const wake of log.wake) wake();
        await Promise.all(loops);
        for (const { log } of logs) {
          log.readers.delete(options.group);
          for (const [offset, delivery] of log.pending) {
            if (!delivery.waiting.has(options.group)) continue;
            log.pending.delete(offset);
            delivery.settle(new Error(`consumer group ${options.group} stopped before handling the message`));
          }
        }
      },
    };
  }

  private async deliver(topic: string, partition: number, log: TopicLog, options: SubscribeOptions, running: () => boolean) {
    while (running() && !this.closed) {
      const cursor = log.cursors.get(options.group) as number;
      const entry = log.entries[cursor - log.base];
      if (!entry) {
        await new Promise<void>((resolve) => {
          const wake = () => (log.wake.delete(wake), resolve());
          log.wake.add(wake);
        });
        continue;
      }
      const message: ReceivedMessage = { ...entry, topic, partition, offset: String(cursor) };
      try {
        await options.handle(message);
        log.cursors.set(options.group, cursor + 1);
        this.handled(log, cursor, options.group);
        this.trim(log);
      } catch {
        await new Promise((r) => setTimeout(r, REDELIVERY_PAUSE_MS));
      }
    }
  }

  private handled(log: TopicLog, offset: number, group: string) {
    const delivery = log.pending.get(offset);
    if (!delivery) return;
    delivery.waiting.delete(group);
    if (delivery.waiting.size) return;
    log.pending.delete(offset);
    delivery.settle();
  }

  private trim(log: TopicLog) {
    const lowest = Math.min(...log.cursors.values());
    if (lowest - log.base < 256) return;
    log.entries.splice(0, lowest - log.base);
    log.base = lowest;
  }

  async lag(group: string, topics: readonly string[]): Promise<number> {
    let lag = 0;
    for (const topic of topics) {
      for (const log of this.logsOf(topic)) lag += log.base + log.entries.length - (log.cursors.get(group) ?? log.base);
    }
    return lag;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const log of this.topics.values()) {
      for (const wake of log.wake) wake();
      for (const delivery of log.pending.values()) delivery.settle(new Error("the event bus is closed"));
      log.pending.clear();
    }
  }
}
