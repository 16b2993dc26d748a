import type { Identity } from "@floorgraph/auth";
import type { Prisma } from "@floorgraph/prisma/orders";

/** Records an audited action inside the transaction that made the change. */
export const audit = (tx: Prisma.TransactionClient, actor: Identity, action: string, orderId: string, detail?: Prisma.InputJsonObject) =>
  tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType: "Order", subjectId: orderId, detail: detail ?? undefined } });
