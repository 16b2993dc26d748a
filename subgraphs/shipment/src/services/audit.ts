import type { Identity } from "@floorgraph/auth";
import type { Prisma } from "@floorgraph/prisma/shipment";

/** Records an audited change; always called inside the transaction that makes the change. */
export const audit = (tx: Prisma.TransactionClient, actor: Identity, action: string, subjectId: string, detail?: Prisma.InputJsonObject) =>
  tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType: "Shipment", subjectId, detail: detail ?? undefined } });
