import type { Identity } from "@floorgraph/auth";
import { publishAudit } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/orders";

/** Records an audited action inside the transaction that made the change. */
export async function audit(tx: Prisma.TransactionClient, actor: Identity, action: string, orderId: string, detail?: Prisma.InputJsonObject) {
  const entry = await tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType: "Order", subjectId: orderId, detail: detail ?? undefined } });
  await publishAudit(tx, "orders", entry);
  return entry;
}
