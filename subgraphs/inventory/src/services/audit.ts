import { auditWriter } from "@floorgraph/events";

/** Records who did what inside the transaction of the change (@floorgraph/events' audit writer, for the inventory service). */
export const audit = auditWriter("inventory");
