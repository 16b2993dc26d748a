import type { Identity } from "@floorgraph/auth";
import { publishAudit } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/users";

/** Records an audited change inside its transaction, and publishes it on audit.events from there. */
export async function audit(tx: Prisma.TransactionClient, actor: Identity, action: string, subjectType: string, subjectId: string, detail?: object) {
  const entry = await tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType, subjectId, detail: detail ?? undefined } });
  await publishAudit(tx, "users", entry);
  return entry;
}
