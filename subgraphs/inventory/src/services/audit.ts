import type { Identity } from "@floorgraph/auth";
import { publishAudit } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/inventory";

/** Records who did what, inside the transaction of the change itself. */
export async function audit(
  tx: Prisma.TransactionClient,
  actor: Identity,
  action: string,
  subjectType: string,
  subjectId: string,
  detail: Prisma.InputJsonObject,
) {
  const entry = await tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType, subjectId, detail } });
  await publishAudit(tx, "inventory", entry);
  return entry;
}
