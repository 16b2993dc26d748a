import type { WireMessage } from "./envelope.ts";
import type { BusSubscription, EventBus, ReceivedMessage, SubscribeOptions, TopicMessages } from "./bus.ts";

const REDELIVERY_PAUSE_MS = 500;
/** What a topic nobody consumes keeps for a late reader (audit.events, floor.events, dlq in `npm start`). */
const UNREAD_LIMIT = 10_000;

interface TopicLog {
  /** Offset of entries[0]; entries below every group's cursor are dropped. */
  base: number;
  entries: WireMessage[];
  cursors: Map<string, number>;
  wake: Set<() => void>;
}

/**
 * The bus for one process (`npm start`): one ordered log per topic (one partition), each consumer
 * group reading it from the start with its own cursor, as a Kafka group would. Not durable: what
 * the process holds when it dies is gone, but the outbox rows behind it were already committed.
 */
export class InProcessBus implements EventBus {
  readonly kind = "in-process";
  private readonly topics = new Map<string, TopicLog>();
  private closed = false;

  private log(topic: string): TopicLog {
    let log = this.topics.get(topic);
    if (!log) this.topics.set(topic, (log = { base: 0, entries: [], cursors: new Map(), wake: new Set() }));
    return log;
  }

  async publish(batches: readonly TopicMessages[]): Promise<void> {
    if (this.closed) throw new Error("the event bus is closed");
    for (const { topic, messages } of batches) {
      const log = this.log(topic);
      log.entries.push(...messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })));
      if (!log.cursors.size && log.entries.length > UNREAD_LIMIT) {
        const excess = log.entries.length - UNREAD_LIMIT;
        log.entries.splice(0, excess);
        log.base += excess;
      }
      for (const wake of log.wake) wake();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    let running = true;
    const loops = options.topics.map((topic) => this.deliver(topic, options, () => running));
    return {
      stop: async () => {
        running = false;
        for (const topic of options.topics) for (const wake of this.log(topic).wake) wake();
        await Promise.all(loops);
      },
    };
  }

  private async deliver(topic: string, options: SubscribeOptions, running: () => boolean) {
    const log = this.log(topic);
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
      const message: ReceivedMessage = { ...entry, topic, partition: 0, offset: String(cursor) };
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
      const log = this.log(topic);
      lag += log.base + log.entries.length - (log.cursors.get(group) ?? log.base);
    }
    return lag;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const log of this.topics.values()) for (const wake of log.wake) wake();
  }
}
