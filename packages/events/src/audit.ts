import { randomUUID } from "node:crypto";
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

/** A JSON object: what an audit row's detail holds. */
export type AuditDetail = object;

/**
 * The audit writer of every service: records who did what in the service's AuditEntry table (the
 * shared model of prisma/shared/persistence.prisma) inside the transaction of the change itself,
 * and publishes it on audit.events from there. The actor is null for what anonymous callers do
 * (failed logins, throttling, refresh-token reuse). Raw SQL like the outbox's, so one writer fits
 * every service's generated client.
 */
export function auditWriter(service: string) {
  return async function audit(tx: RawTransaction, actor: { userId: string } | null, action: string, subjectType: string, subjectId: string, detail?: AuditDetail): Promise<AuditRecord> {
    const id = randomUUID();
    const actorId = actor?.userId ?? null;
    const [row] = await tx.$queryRawUnsafe<{ createdAt: Date | string }[]>(
      `INSERT INTO "AuditEntry" ("id", "actorId", "action", "subjectType", "subjectId", "detail") VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb) RETURNING "createdAt"`,
      id,
      actorId,
      action,
      subjectType,
      subjectId,
      detail === undefined ? null : JSON.stringify(detail),
    );
    const entry: AuditRecord = { id, actorId, action, subjectType, subjectId, detail: detail ?? null, createdAt: new Date(row?.createdAt ?? Date.now()) };
    await publishAudit(tx, service, entry);
    return entry;
  };
}
