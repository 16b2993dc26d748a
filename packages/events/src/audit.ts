import type { z } from "zod";
import { auditRecorded } from "./contracts.ts";
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
  const event = auditRecorded.create(
    `${record.subjectType}/${record.subjectId}`,
    {
      id: record.id,
      service,
      actorId: record.actorId,
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      detail: (record.detail ?? null) as z.core.util.JSONType,
      createdAt: record.createdAt.toISOString(),
    },
    { id: record.id, source: service, key: record.subjectId, time: record.createdAt },
  );
  return appendToOutbox(tx, [event]);
}
