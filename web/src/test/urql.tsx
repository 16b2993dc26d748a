import type { ReactNode } from "react";
import { Provider, type Client, type OperationResult } from "urql";

/**
 * A stand-in urql client for component tests: each mutation answers with the next prepared result
 * and is recorded. The real gateway is exercised by the end-to-end tests.
 */
export function mutationClient(answer: (name: string, variables: Record<string, unknown>) => Partial<OperationResult>) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const client = {
    mutation: (document: { definitions: { name?: { value: string } }[] }, variables: Record<string, unknown>) => {
      const name = document.definitions[0]?.name?.value ?? "?";
      calls.push({ name, variables });
      return { toPromise: async () => answer(name, variables) };
    },
  } as unknown as Client;
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  return { client, calls, wrapper };
}
