import type { Identity } from "@floorgraph/auth";
import type { Prisma } from "@floorgraph/prisma/inventory";

/** Records who did what, inside the transaction of the change itself. */
export function audit(
  tx: Prisma.TransactionClient,
  actor: Identity,
  action: string,
  subjectType: string,
  subjectId: string,
  detail: Prisma.InputJsonObject,
) {
  return tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType, subjectId, detail } });
}
