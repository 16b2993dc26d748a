import { encodeEvent, topicOf, type DomainEvent } from "./envelope.ts";

/** The part of a Prisma transaction client the outbox and inbox need (every service's client has it). */
export interface RawTransaction {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Writes events into the service's "OutboxEvent" table inside the caller's transaction, so an
 * event exists exactly when the change it announces was committed. The relay publishes it later.
 */
export async function appendToOutbox(tx: RawTransaction, events: readonly DomainEvent[]): Promise<void> {
  for (const event of events) {
    const message = encodeEvent(event);
    await tx.$executeRawUnsafe(
      `INSERT INTO "OutboxEvent" ("id", "topic", "key", "type", "message") VALUES ($1::uuid, $2, $3, $4, $5::jsonb)`,
      event.id,
      topicOf(event.type),
      message.key,
      event.type,
      JSON.stringify(message),
    );
  }
}

/** A service's way to announce its changes: append inside a transaction, then nudge the relay. */
export interface Outbox {
  append(tx: RawTransaction, ...events: DomainEvent[]): Promise<void>;
  /** Call after the transaction committed: the relay publishes now instead of at its next poll. */
  flush(): void;
}
