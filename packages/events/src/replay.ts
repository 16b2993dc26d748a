import type { Database } from "@floorgraph/db";
import type { DeadLetter } from "./consumer.ts";
import type { DomainEvent, WireMessage } from "./envelope.ts";

export interface ReplayResult {
  eventId: string;
  type: string;
  topic: string;
}

/**
 * Gives a consumer's dead events another chance once the cause is fixed: each one's DEAD inbox
 * record is removed and the original event is written to the service's outbox again, for its
 * original topic. Consumers that handled it before find it in their inbox and skip it; this
 * consumer handles it now. Runs on the consumer's own database, in one transaction per event.
 * Dead letters are found in the outbox, so only those younger than its retention (7 days) can be
 * replayed this way; older ones are on the dlq topic.
 */
export async function replayDeadLetters(db: Database, consumer: string, eventIds?: readonly string[]): Promise<ReplayResult[]> {
  const dead = await db.query<{ eventId: string }>(
    `SELECT "eventId" FROM "InboxEvent" WHERE consumer = $1 AND outcome = 'DEAD' AND ($2::text[] IS NULL OR "eventId" = ANY($2::text[])) ORDER BY "handledAt"`,
    [consumer, eventIds?.length ? eventIds : null],
  );
  const replayed: ReplayResult[] = [];
  for (const { eventId } of dead) {
    const result = await db.transaction(async (tx) => {
      const [letter] = await tx.query<{ message: WireMessage }>(
        `SELECT message FROM "OutboxEvent" WHERE type = 'dlq.dead_letter' AND ((message->>'value')::jsonb->>'subject') = $1 ORDER BY seq DESC LIMIT 1`,
        [eventId],
      );
      const deadLetter = letter ? (JSON.parse(letter.message.value) as DomainEvent<DeadLetter>) : null;
      const original = deadLetter?.data.event;
      if (!deadLetter || !original || deadLetter.data.consumer !== consumer) return null;
      const message: WireMessage = {
        key: original.partitionkey,
        value: JSON.stringify(original),
        headers: { "content-type": "application/cloudevents+json; charset=utf-8" },
      };
      await tx.query(`DELETE FROM "InboxEvent" WHERE consumer = $1 AND "eventId" = $2 AND outcome = 'DEAD'`, [consumer, eventId]);
      // A fresh outbox row id: the event keeps its own id inside the message, which is what consumers deduplicate on.
      await tx.query(
        `INSERT INTO "OutboxEvent" ("id", "topic", "key", "type", "message") VALUES (gen_random_uuid(), $1, $2, $3, $4::jsonb)`,
        [deadLetter.data.originalTopic, message.key, original.type, JSON.stringify(message)],
      );
      return { eventId, type: original.type, topic: deadLetter.data.originalTopic };
    });
    if (result) replayed.push(result);
  }
  return replayed;
}
