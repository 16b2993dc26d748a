import type { Identity } from "@floorgraph/auth";
import { publishAudit } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/users";

/**
 * Records an audited change inside its transaction, and publishes it on audit.events from there.
 * The actor is null for what anonymous callers do (failed logins, throttling, refresh-token reuse).
 */
export async function audit(tx: Prisma.TransactionClient, actor: Identity | null, action: string, subjectType: string, subjectId: string, detail?: object) {
  const entry = await tx.auditEntry.create({ data: { actorId: actor?.userId ?? null, action, subjectType, subjectId, detail: detail ?? undefined } });
  await publishAudit(tx, "users", entry);
  return entry;
}
