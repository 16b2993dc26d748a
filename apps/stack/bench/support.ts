import type { EventBus } from "@floorgraph/events";
import { createLogger } from "@floorgraph/logger";
import type { FloorTarget } from "../src/stack.ts";
import { createProgress, type Progress } from "../src/startup/progress.ts";
import { startTestStack, type TestStack } from "../test/harness.ts";

/**
 * The seeded system, every server on a free port, with the floor simulator: the tests' stack, on
 * PGlite or on fresh PostgreSQL databases (FLOORGRAPH_TEST_DATABASE_URL), dropped by stop(); its
 * events on `bus`, else in-process (a benchmark picks its broker itself).
 */
export async function startBenchStack(floor: FloorTarget = { simulatorPort: 0 }, bus?: EventBus): Promise<TestStack> {
  const progress = createProgress(process.stderr);
  // No rate limits: a benchmark sends more in a minute than any role may (it measures, it is not a client).
  const stack = await startTestStack({ floor, bus, ciBroker: false, logger: createLogger("bench", "error"), progress, gatewayAccess: { rateLimits: null } }).finally(() =>
    progress.close(),
  );
  return { ...stack, stop: () => stack.stopAll() };
}

/** The q-quantile (0..1) of the values, NaN for none. */
export const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;

/**
 * Runs one phase of a benchmark (they take minutes) as a progress step: live on a terminal, plain
 * lines otherwise; on stderr, so that the figures on stdout stay clean to pipe.
 */
export async function phase<T>(label: string, fn: (step: { update(status: string): void }) => Promise<T>): Promise<T> {
  // Plain lines: the stack it boots shows its own live display meanwhile.
  const progress: Progress = createProgress(process.stderr, { interactive: false });
  const step = progress.step(label, label, "running");
  try {
    const result = await fn(step);
    step.done();
    return result;
  } catch (error) {
    step.fail(error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    progress.close();
  }
}
