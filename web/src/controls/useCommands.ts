import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useState } from "react";
import { useClient } from "urql";
import { errorMessages } from "../ui/ErrorBanner.tsx";
import { newCommandId } from "./commandId.ts";

export interface CommandOutcome {
  ok: boolean;
  /** What happened, or why not: an interlock's or the PLC's refusal as the gateway words it. */
  message: string;
}

export type RunCommand = <D, V extends { commandId: string }>(document: TypedDocumentNode<D, V>, variables: Omit<V, "commandId">, describe: (data: D) => string) => Promise<CommandOutcome>;

/** Runs floor commands, one at a time, each with a new command id, and keeps the last one's outcome. */
export function useCommands(): { run: RunCommand; outcome: CommandOutcome | null; pending: boolean } {
  const client = useClient();
  const [outcome, setOutcome] = useState<CommandOutcome | null>(null);
  const [pending, setPending] = useState(false);
  const run = useCallback<RunCommand>(
    async (document, variables, describe) => {
      setPending(true);
      try {
        const result = await client.mutation(document, { ...variables, commandId: newCommandId() } as never).toPromise();
        const next: CommandOutcome = result.error ? { ok: false, message: errorMessages(result.error).join(" ") } : { ok: true, message: describe(result.data as never) };
        setOutcome(next);
        return next;
      } finally {
        setPending(false);
      }
    },
    [client],
  );
  return { run, outcome, pending };
}
