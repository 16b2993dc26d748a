import type { CommandOutcome } from "./useCommands.ts";

export function CommandResult({ outcome }: { outcome: CommandOutcome | null }) {
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? "command-result ok" : "command-result refused"} role="status" data-testid="command-result">
      {outcome.ok ? "✓ " : "✗ "}
      {outcome.message}
    </p>
  );
}
