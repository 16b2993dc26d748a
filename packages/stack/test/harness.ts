import type { QueryCounter } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import type { ServiceName } from "@floorgraph/service";
import { createTestDatabase, testConfig, TEST_JWT, type TestDatabase } from "@floorgraph/testing";
import { startStack, type Stack } from "../src/stack.ts";

export interface TestStack extends Stack {
  url: string;
  stopAll(): Promise<void>;
}

/** The whole system on port 0 with fresh databases (PGlite, or PostgreSQL when configured), seeded. */
export async function startTestStack(options: { counters?: Partial<Record<ServiceName, QueryCounter>> } = {}): Promise<TestStack> {
  const databases = new Map<ServiceName, TestDatabase>();
  for (const service of ["users", "warehouse", "inventory", "orders", "shipment", "wcs"] as const) {
    databases.set(service, await createTestDatabase(service));
  }
  const stack = await startStack({
    gatewayPort: 0,
    subgraphBasePort: 0,
    database: (service) => (databases.get(service) as TestDatabase).target,
    jwt: TEST_JWT,
    seedDemoData: true,
    logger: createLogger("stack-test", testConfig.LOG_LEVEL),
    counters: options.counters,
    floor: { simulatorPort: 0 },
  });
  return {
    ...stack,
    url: stack.gateway.url,
    async stopAll() {
      await stack.stop();
      for (const db of databases.values()) await db.drop();
    },
  };
}
