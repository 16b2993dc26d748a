import { newEvent } from "./envelope.ts";
import { appendToOutbox, type RawTransaction } from "./outbox.ts";

/** An audit row as every service keeps it (its AuditEntry table). */
export interface AuditRecord {
  id: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: unknown;
  createdAt: Date;
}

/**
 * Publishes an audit row on audit.events from the transaction that wrote it, so a SIEM or an
 * audit store sees every audited action of every service in one place. The event id is the row's.
 */
export function publishAudit(tx: RawTransaction, service: string, record: AuditRecord) {
  const event = newEvent({
    id: record.id,
    type: "audit.recorded",
    source: service,
    subject: `${record.subjectType}/${record.subjectId}`,
    key: record.subjectId,
    time: record.createdAt,
    data: { ...record, detail: record.detail ?? null, createdAt: record.createdAt.toISOString(), service },
  });
  return appendToOutbox(tx, [event]);
}
