import type { Logger } from "@floorgraph/logger";
import type { BusSubscription, EventBus, ReceivedMessage } from "./bus.ts";
import { deadLetterSent } from "./contracts.ts";
import { decodeEvent, MalformedEventError, topicOf, type DomainEvent } from "./envelope.ts";
import { InvalidEventError, validatePayload, type EventContract, type EventData } from "./contract.ts";
import { appendToOutbox, type RawTransaction } from "./outbox.ts";
import { isTransientError } from "./transient.ts";
import { inEventSpan } from "./trace-context.ts";

export type EventHandler<Tx> = (event: DomainEvent<any>, tx: Tx) => Promise<void>;

/** A handler bound to the producer's contract: its payload is validated before the handler runs. */
export interface ContractHandler<Tx> {
  contract: EventContract;
  handle: EventHandler<Tx>;
}

/** Handles events of a producer's contract, typed by its schema (see EventContract). */
export function on<C extends EventContract, Tx>(contract: C, handle: (event: DomainEvent<EventData<C>>, tx: Tx) => Promise<unknown>): ContractHandler<Tx> {
  return { contract, handle: async (event, tx) => void (await handle(event, tx)) };
}

export interface ConsumerSpec<Tx extends RawTransaction> {
  /** The consumer group and the inbox's consumer name, e.g. "inventory". */
  name: string;
  /** What it subscribes to; by default the topics of its handlers' contracts (listed for type-keyed handlers). */
  topics?: readonly string[];
  /**
   * Handlers: bound to producers' contracts (on(Contract, fn): payloads validated on receipt), or
   * by event type (unvalidated, for tests and tools). Other types on these topics are skipped.
   */
  handlers: readonly ContractHandler<Tx>[] | Record<string, EventHandler<Tx>>;
  /** Runs fn in one database transaction (the service's Prisma client). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface ConsumerOptions {
  bus: EventBus;
  logger: Logger;
  /** The emitting service, for dead letters' source. */
  service: string;
  /** Tries per event before it goes to the dlq (transient database errors don't count). */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Called after a transaction that may have written outbox rows committed. */
  onCommitted(): void;
}

export interface DeadLetter {
  consumer: string;
  error: string;
  attempts: number;
  originalTopic: string;
  /** The event as received (parsed when it could be). */
  event: DomainEvent | null;
  raw: string;
}

type Outcome = "handled" | "duplicate" | "skipped";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads the spec's topics as one consumer group. Each event is handled at most once per consumer:
 * its id goes into the "InboxEvent" table in the same transaction as the handler's writes (and
 * the events it appends to the outbox), so a redelivery finds it there and changes nothing.
 * A failing handler is retried with exponential backoff; after maxAttempts the event is recorded
 * as dead and a dead letter goes to the `dlq` topic through the outbox, with the error.
 */
export async function startConsumer<Tx extends RawTransaction>(spec: ConsumerSpec<Tx>, options: ConsumerOptions): Promise<BusSubscription> {
  const logger = options.logger.child({ consumer: spec.name });
  const maxAttempts = options.maxAttempts ?? 5;
  const handlers = new Map<string, { contract?: EventContract; handle: EventHandler<Tx> }>(
    Array.isArray(spec.handlers)
      ? spec.handlers.map((h: ContractHandler<Tx>) => [h.contract.type, h])
      : Object.entries(spec.handlers as Record<string, EventHandler<Tx>>).map(([type, handle]) => [type, { handle }]),
  );

  /** Records the event in the inbox; false when it was there already (handled or dead before). */
  async function remember(tx: Tx, event: DomainEvent, outcome: "HANDLED" | "DEAD"): Promise<boolean> {
    const inserted = await tx.$queryRawUnsafe<unknown[]>(
      `INSERT INTO "InboxEvent" ("consumer", "eventId", "type", "outcome") VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING "eventId"`,
      spec.name,
      event.id,
      event.type,
      outcome,
    );
    return inserted.length > 0;
  }

  async function handleOnce(event: DomainEvent, handler: EventHandler<Tx>): Promise<Outcome> {
    return spec.transaction(async (tx) => {
      if (!(await remember(tx, event, "HANDLED"))) return "duplicate";
      await handler(event, tx);
      return "handled";
    });
  }

  async function deadLetter(message: ReceivedMessage, event: DomainEvent | null, error: unknown, attempts: number) {
    const letter: DeadLetter = {
      consumer: spec.name,
      error: error instanceof Error ? error.message : String(error),
      attempts,
      originalTopic: message.topic,
      event,
      raw: event ? "" : message.value,
    };
    const subject = event?.id ?? `${message.topic}/${message.partition}/${message.offset}`;
    const dead = deadLetterSent.create(subject, letter, { source: options.service, ...(message.key ? { key: message.key } : {}) });
    await spec.transaction(async (tx) => {
      if (event) await remember(tx, event, "DEAD");
      await appendToOutbox(tx, [dead]);
    });
    options.onCommitted();
    logger.error({ eventId: event?.id, type: event?.type, topic: message.topic, attempts, err: error }, "event sent to the dlq");
  }

  async function handle(message: ReceivedMessage): Promise<void> {
    let received: DomainEvent;
    try {
      received = decodeEvent(message);
    } catch (error) {
      if (error instanceof MalformedEventError) return deadLetter(message, null, error, 1);
      throw error;
    }
    const registered = handlers.get(received.type);
    if (!registered) return;
    return inEventSpan(spec.name, message.topic, received, () => handleRegistered(message, received, registered));
  }

  async function handleRegistered(message: ReceivedMessage, received: DomainEvent, registered: { contract?: EventContract; handle: EventHandler<Tx> }): Promise<void> {
    const handler = registered.handle;
    let event = received;
    if (registered.contract) {
      // A payload that does not match its contract never will: no retries, straight to the dlq.
      try {
        event = { ...received, data: validatePayload(registered.contract, received) };
      } catch (error) {
        if (error instanceof InvalidEventError) return deadLetter(message, received, error, 1);
        throw error;
      }
    }
    let attempts = 0;
    let backoff = options.initialBackoffMs ?? 200;
    for (;;) {
      try {
        const outcome = await handleOnce(event, handler);
        if (outcome === "handled") options.onCommitted();
        logger.debug({ eventId: event.id, type: event.type, outcome }, "event consumed");
        return;
      } catch (error) {
        // The database being away is not the event's fault: keep it unacknowledged for later.
        if (isTransientError(error)) throw error;
        attempts++;
        // The dead letter keeps the event as received (not as parsed), so a replay loses nothing.
        if (attempts >= maxAttempts) return deadLetter(message, received, error, attempts);
        logger.warn({ eventId: event.id, type: event.type, attempts, err: error }, "event handler failed; retrying");
        await sleep(backoff);
        backoff = Math.min(backoff * 2, options.maxBackoffMs ?? 5_000);
      }
    }
  }

  return options.bus.subscribe({ group: spec.name, topics: topicsOf(spec), handle });
}

/** The topics a consumer reads: as listed, or those of the contracts it handles. */
export function topicsOf(spec: Pick<ConsumerSpec<never>, "topics" | "handlers">): readonly string[] {
  if (spec.topics) return spec.topics;
  if (!Array.isArray(spec.handlers)) throw new Error("a consumer with handlers by event type must list its topics");
  return [...new Set((spec.handlers as readonly ContractHandler<never>[]).map((h) => topicOf(h.contract.type)))];
}
