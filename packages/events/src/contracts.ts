import { z } from "zod";
import { defineEvent } from "./contract.ts";

/** The events every service emits through this package: audit rows and dead letters. */
export const auditRecorded = defineEvent({
  type: "audit.recorded",
  source: "any",
  description: "An audited action of any service, published from the transaction that wrote its AuditEntry row (the event id is the row's).",
  data: z.object({
    id: z.string(),
    service: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    detail: z.json().nullable(),
    createdAt: z.iso.datetime(),
  }),
});

export const deadLetterSent = defineEvent({
  type: "dlq.dead_letter",
  source: "any",
  description: "An event a consumer could not apply (after its retries, or at once when its payload does not match the contract), with the error.",
  data: z.object({
    consumer: z.string(),
    error: z.string(),
    attempts: z.number().int(),
    originalTopic: z.string(),
    /** The event as received, when it could be parsed. */
    event: z
      .object({
        specversion: z.literal("1.0"),
        id: z.string(),
        type: z.string(),
        source: z.string(),
        subject: z.string(),
        time: z.string(),
        datacontenttype: z.literal("application/json"),
        dataschema: z.string().optional(),
        partitionkey: z.string(),
        data: z.unknown(),
      })
      .nullable(),
    /** The raw message when it could not be parsed, else "". */
    raw: z.string(),
  }),
});

export const eventsContracts = [auditRecorded, deadLetterSent] as const;
