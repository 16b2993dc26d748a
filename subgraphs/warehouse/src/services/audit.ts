import type { Identity } from "@floorgraph/auth";
import { publishAudit } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/warehouse";

/** Records a layout change inside the transaction that made it, so neither exists without the other. */
export const audit = async (
  tx: Prisma.TransactionClient,
  actor: Identity,
  action: string,
  subjectType: "Warehouse" | "Zone" | "Location" | "Wave" | "PickTask" | "Order",
  subjectId: string,
  detail?: object,
) => {
  const entry = await tx.auditEntry.create({ data: { actorId: actor.userId, action, subjectType, subjectId, detail: detail ?? undefined } });
  await publishAudit(tx, "warehouse", entry);
  return entry;
};
