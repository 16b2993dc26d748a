import { RevocationList } from "@floorgraph/auth";
import type { QueryCounter } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import { bootService, DEFAULT_SUBGRAPH_PROTECTION, type PeerUrls, type ServiceDefinition, type SubgraphProtection } from "@floorgraph/service";
import { testConfig } from "./config.ts";
import { createServiceTestDatabase } from "./templates.ts";
import { TEST_JWT, TEST_SIGNING_SECRET } from "./tokens.ts";

/** A test subgraph's protection: the production defaults, with the test signing secret. */
export const TEST_PROTECTION: SubgraphProtection = { ...DEFAULT_SUBGRAPH_PROTECTION, signingSecrets: [TEST_SIGNING_SECRET] };

export interface TestSubgraph<P> {
  url: string;
  prisma: P;
  /** The subgraph's revocation list (what it revoked, and what it refuses). */
  revocations: RevocationList;
  stop(): Promise<void>;
}

/** Boots one subgraph on a fresh database and port 0: migrated, optionally seeded with the demo data. */
export async function startTestSubgraph<P extends { $disconnect(): Promise<void> }>(
  definition: ServiceDefinition<P>,
  options: { seed?: boolean; peers?: PeerUrls; counter?: QueryCounter; protection?: SubgraphProtection } = {},
): Promise<TestSubgraph<P>> {
  const database = await createServiceTestDatabase(definition, options.seed ?? false);
  const revocations = new RevocationList();
  const booted = await bootService(definition, {
    database: database.target,
    jwt: TEST_JWT,
    protection: options.protection ?? TEST_PROTECTION,
    logger: createLogger(definition.name, testConfig.LOG_LEVEL),
    migrate: true,
    seedDemoData: options.seed ?? false,
    snapshot: database.snapshot,
    peers: options.peers,
    counter: options.counter,
    revocations,
  });
  booted.events.startRelay();
  const running = await booted.server.listen(0);
  let stopped = false;
  return {
    url: running.url,
    prisma: booted.prisma,
    revocations,
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
      await booted.close();
      await revocations.close();
      await database.drop();
    },
  };
}
