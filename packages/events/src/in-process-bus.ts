import type { WireMessage } from "./envelope.ts";
import type { BusSubscription, EventBus, ReceivedMessage, SubscribeOptions, TopicMessages } from "./bus.ts";

const REDELIVERY_PAUSE_MS = 500;
/** What a partition of a topic nobody consumes keeps for a late reader (audit.events, floor.events, dlq in `npm start`). */
const UNREAD_LIMIT = 10_000;

interface TopicLog {
  /** Offset of entries[0]; entries below every group's cursor are dropped. */
  base: number;
  entries: WireMessage[];
  cursors: Map<string, number>;
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
 * partition, as a Kafka group would. Not durable: what the process holds when it dies is gone, but
 * the outbox rows behind it were already committed.
 */
export class InProcessBus implements EventBus {
  readonly kind = "in-process";
  private readonly topics = new Map<string, TopicLog>();
  private closed = false;

  constructor(private readonly partitions = 3) {}

  private log(topic: string, partition: number): TopicLog {
    const name = `${topic}#${partition}`;
    let log = this.topics.get(name);
    if (!log) this.topics.set(name, (log = { base: 0, entries: [], cursors: new Map(), wake: new Set() }));
    return log;
  }

  private logsOf(topic: string): TopicLog[] {
    return Array.from({ length: this.partitions }, (_, p) => this.log(topic, p));
  }

  async publish(batches: readonly TopicMessages[]): Promise<void> {
    if (this.closed) throw new Error("the event bus is closed");
    for (const { topic, messages } of batches) {
      for (const m of messages) this.log(topic, partitionOf(m.key, this.partitions)).entries.push({ key: m.key, value: m.value, headers: { ...m.headers } });
      for (const log of this.logsOf(topic)) {
        if (!log.cursors.size && log.entries.length > UNREAD_LIMIT) {
          const excess = log.entries.length - UNREAD_LIMIT;
          log.entries.splice(0, excess);
          log.base += excess;
        }
        for (const wake of log.wake) wake();
      }
    }
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    let running = true;
    const loops = options.topics.flatMap((topic) => this.logsOf(topic).map((_, p) => this.deliver(topic, p, options, () => running)));
    return {
      stop: async () => {
        running = false;
        for (const topic of options.topics) for (const log of this.logsOf(topic)) for (const wake of log.wake) wake();
        await Promise.all(loops);
      },
    };
  }

  private async deliver(topic: string, partition: number, options: SubscribeOptions, running: () => boolean) {
    const log = this.log(topic, partition);
    if (!log.cursors.has(options.group)) log.cursors.set(options.group, log.base);
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
        this.trim(log);
      } catch {
        await new Promise((r) => setTimeout(r, REDELIVERY_PAUSE_MS));
      }
    }
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
    for (const log of this.topics.values()) for (const wake of log.wake) wake();
  }
}
