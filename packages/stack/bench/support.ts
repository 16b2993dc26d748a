import type { EventBus } from "@floorgraph/events";
import { createLogger } from "@floorgraph/logger";
import type { ServiceName } from "@floorgraph/service";
import { createTestDatabase, TEST_JWT, type TestDatabase } from "@floorgraph/testing";
import { startStack, type FloorTarget, type Stack } from "../src/stack.ts";

const SERVICES: ServiceName[] = ["users", "warehouse", "inventory", "orders", "shipment", "wcs"];

/**
 * The seeded system, every server on a free port, with the floor simulator: in memory (PGlite), or
 * on fresh PostgreSQL databases when FLOORGRAPH_TEST_DATABASE_URL is set (dropped by stop()).
 */
export async function startBenchStack(floor: FloorTarget = { simulatorPort: 0 }, bus?: EventBus): Promise<Stack & { database: "PGlite" | "PostgreSQL" }> {
  const databases = new Map<ServiceName, TestDatabase>();
  for (const service of SERVICES) databases.set(service, await createTestDatabase(`bench_${service}`));
  const stack = await startStack({
    gatewayPort: 0,
    subgraphBasePort: 0,
    database: (service) => (databases.get(service) as TestDatabase).target,
    jwt: TEST_JWT,
    seedDemoData: true,
    logger: createLogger("bench", "error"),
    floor,
    bus,
  });
  return {
    ...stack,
    database: databases.get("orders")?.kind === "postgres" ? "PostgreSQL" : "PGlite",
    async stop() {
      await stack.stop();
      for (const db of databases.values()) await db.drop();
    },
  };
}

/** The q-quantile (0..1) of the values, NaN for none. */
export const quantile = (values: number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;
