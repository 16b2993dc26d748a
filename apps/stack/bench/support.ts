import type { EventBus } from "@floorgraph/events";
import { createLogger } from "@floorgraph/logger";
import type { FloorTarget } from "../src/stack.ts";
import { startTestStack, type TestStack } from "../test/harness.ts";

/**
 * The seeded system, every server on a free port, with the floor simulator: the tests' stack, on
 * PGlite or on fresh PostgreSQL databases (FLOORGRAPH_TEST_DATABASE_URL), dropped by stop(); its
 * events on `bus`, else in-process (a benchmark picks its broker itself).
 */
export async function startBenchStack(floor: FloorTarget = { simulatorPort: 0 }, bus?: EventBus): Promise<TestStack> {
  const stack = await startTestStack({ floor, bus, ciBroker: false, logger: createLogger("bench", "error") });
  return { ...stack, stop: () => stack.stopAll() };
}

/** The q-quantile (0..1) of the values, NaN for none. */
export const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;
