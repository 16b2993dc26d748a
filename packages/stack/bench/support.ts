import { createLogger } from "@floorgraph/logger";
import { TEST_JWT } from "@floorgraph/testing";
import type { EventBus } from "@floorgraph/events";
import { startStack, type FloorTarget } from "../src/stack.ts";

/** The seeded system in memory (PGlite), every server on a free port, with the floor simulator. */
export const startBenchStack = (floor: FloorTarget = { simulatorPort: 0 }, bus?: EventBus) =>
  startStack({
    gatewayPort: 0,
    subgraphBasePort: 0,
    database: () => ({ pgliteDir: "memory://" }),
    jwt: TEST_JWT,
    seedDemoData: true,
    logger: createLogger("bench", "error"),
    floor,
    bus,
  });

/** The q-quantile (0..1) of the values, NaN for none. */
export const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;
