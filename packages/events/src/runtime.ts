import type { Database } from "@floorgraph/db";
import type { Logger } from "@floorgraph/logger";
import type { BusSubscription, EventBus } from "./bus.ts";
import { startConsumer, topicsOf, type ConsumerSpec } from "./consumer.ts";
import { appendToOutbox, type Outbox, type RawTransaction } from "./outbox.ts";
import { OutboxRelay } from "./relay.ts";

export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/** What a service gets to take part in the event flow: its outbox, and a way to declare its consumer. */
export interface ServiceEvents {
  outbox: Outbox;
  /** Declares the service's consumer; it starts with the service (a second declaration of a name is ignored). */
  consume<Tx extends RawTransaction>(spec: ConsumerSpec<Tx>): void;
}

export interface EventRuntime extends ServiceEvents {
  /** Subscribes the declared consumers. */
  startConsumers(): Promise<void>;
  /** The declared consumer groups and the topics each reads. */
  consumers(): { group: string; topics: readonly string[] }[];
  /** Starts publishing the outbox. With an in-process bus, start it once every consumer is subscribed. */
  startRelay(): void;
  stop(): Promise<void>;
}

export function createEventRuntime(options: { service: string; db: Database; bus: EventBus; logger: Logger; retry?: Partial<RetryPolicy>; pollMs?: number }): EventRuntime {
  const logger = options.logger.child({ service: options.service, component: "events" });
  const relay = new OutboxRelay({ db: options.db, bus: options.bus, logger, pollMs: options.pollMs });
  const specs = new Map<string, ConsumerSpec<RawTransaction>>();
  const subscriptions: BusSubscription[] = [];
  const started = new Set<string>();
  return {
    outbox: {
      append: (tx, ...events) => appendToOutbox(tx, events),
      flush: () => relay.flush(),
    },
    consume(spec) {
      if (!specs.has(spec.name)) specs.set(spec.name, spec as unknown as ConsumerSpec<RawTransaction>);
    },
    async startConsumers() {
      for (const spec of specs.values()) {
        if (started.has(spec.name)) continue;
        started.add(spec.name);
        subscriptions.push(
          await startConsumer(spec, {
            bus: options.bus,
            logger,
            service: options.service,
            ...options.retry,
            onCommitted: () => relay.flush(),
          }),
        );
      }
    },
    consumers: () => [...specs.values()].map((spec) => ({ group: spec.name, topics: topicsOf(spec) })),
    startRelay: () => relay.start(),
    async stop() {
      for (const subscription of subscriptions.splice(0)) await subscription.stop();
      started.clear();
      await relay.stop();
    },
  };
}
