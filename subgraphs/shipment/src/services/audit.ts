import type { Identity } from "@floorgraph/auth";
import { publishAudit } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/shipment";

/** Records an audited change; always called inside the transaction that makes the change. */
export async function audit(tx: Prisma.TransactionClient, actor: Identity, action: string, subjectId: string, detail?: Prisma.InputJsonObject) {
  const entry = await tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType: "Shipment", subjectId, detail: detail ?? undefined } });
  await publishAudit(tx, "shipment", entry);
  return entry;
}
