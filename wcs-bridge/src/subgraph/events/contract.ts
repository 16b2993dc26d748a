import { z } from "zod";
import { defineEvent } from "@floorgraph/events";

/** The WCS bridge's events (topic floor.events, keyed by the command's target); import from `@floorgraph/wcs-bridge/events`. */
export const commandExecuted = defineEvent({
  type: "floor.command_executed",
  source: "wcs",
  description: "A floor command (start/stop a device, acknowledge an alarm, …) ran, or was refused or failed: the floor's command log for other systems.",
  data: z.object({
    commandId: z.string(),
    kind: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    outcome: z.enum(["ACCEPTED", "REFUSED", "FAILED"]),
    reason: z.string().nullable(),
    errorCode: z.string().nullable(),
    actorId: z.string(),
  }),
});

export type CommandExecutedData = z.infer<typeof commandExecuted.data>;

export const wcsContracts = [commandExecuted] as const;
