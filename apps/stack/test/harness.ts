import type { QueryCounter } from "@floorgraph/db";
import { KafkaBus, type EventBus, type RetryPolicy } from "@floorgraph/events";
import { DEFAULT_LIMITS, startGateway, type GatewayOptions, type RunningGateway } from "@floorgraph/gateway";
import { createLogger, type Logger } from "@floorgraph/logger";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import type { ServiceName } from "@floorgraph/service";
import { createServiceTestDatabase, testConfig, TEST_JWT, TEST_SIGNING_SECRET, uniqueTopicPrefix, type ServiceTestDatabase } from "@floorgraph/testing";
import { loadServiceDefinitions, MANIFESTS } from "../src/services.ts";
import { startStack, type FloorTarget, type Stack, type StackOptions } from "../src/stack.ts";

export interface TestStack extends Stack {
  url: string;
  database: "PGlite" | "PostgreSQL";
  stopAll(): Promise<void>;
}

export interface TestStackOptions {
  counters?: Partial<Record<ServiceName, QueryCounter>>;
  bus?: EventBus;
  /** false: the in-process bus even when a CI broker is configured (a benchmark's baseline). */
  ciBroker?: boolean;
  eventRetry?: Partial<RetryPolicy>;
  floor?: FloorTarget;
  logger?: Logger;
  gateway?: StackOptions["gateway"];
  revocations?: StackOptions["revocations"];
  users?: StackOptions["users"];
  gatewayLimits?: StackOptions["gatewayLimits"];
  /** The gateway's access settings (e.g. small rate limits, production's introspection policy). */
  gatewayAccess?: StackOptions["gatewayAccess"];
  /** Other subgraphs than the repository's (a fixture), and the supergraph composed of them. */
  manifests?: StackOptions["manifests"];
  supergraphSdl?: StackOptions["supergraphSdl"];
  /** Serve every service's metrics on a port of their own (0 = any). */
  metricsPort?: StackOptions["metricsPort"];
  /** Shows each part as it boots (benchmarks). */
  progress?: StackOptions["progress"];
}

/**
 * The whole system on port 0 with fresh databases (PGlite, or PostgreSQL when configured), seeded;
 * its events on the CI broker (FLOORGRAPH_TEST_KAFKA_BROKERS, under topics of its own) when there
 * is one, else on the in-process bus.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const databases = new Map<ServiceName, ServiceTestDatabase>();
  // The definitions only for their migrations and seed (a factory's options do not matter there).
  for (const definition of await loadServiceDefinitions(options.manifests ?? MANIFESTS)) {
    databases.set(definition.name, await createServiceTestDatabase(definition, true));
  }
  const logger = options.logger ?? createLogger("stack-test", testConfig.LOG_LEVEL);
  const brokers = testConfig.FLOORGRAPH_TEST_KAFKA_BROKERS?.split(",").filter(Boolean) ?? [];
  const ownBus =
    !options.bus && options.ciBroker !== false && brokers.length
      ? await KafkaBus.connect({ brokers, clientId: "floorgraph-test", topicPrefix: uniqueTopicPrefix("stack"), logger })
      : null;
  const stack = await startStack({
    gatewayPort: 0,
    subgraphBasePort: 0,
    database: (service) => (databases.get(service) as ServiceTestDatabase).target,
    databaseSnapshot: (service) => databases.get(service)?.snapshot,
    jwt: TEST_JWT,
    signingSecrets: [TEST_SIGNING_SECRET],
    seedDemoData: true,
    logger,
    counters: options.counters,
    floor: options.floor ?? { simulatorPort: 0 },
    bus: options.bus ?? ownBus ?? undefined,
    eventRetry: options.eventRetry,
    // FLOORGRAPH_TEST_GATEWAY_EXECUTOR runs every whole-system test on the chosen executor.
    gateway: testConfig.FLOORGRAPH_TEST_GATEWAY_EXECUTOR ? { executor: testConfig.FLOORGRAPH_TEST_GATEWAY_EXECUTOR, ...options.gateway } : options.gateway,
    revocations: options.revocations,
    users: options.users,
    gatewayLimits: options.gatewayLimits,
    gatewayAccess: options.gatewayAccess,
    manifests: options.manifests,
    supergraphSdl: options.supergraphSdl,
    ...(options.metricsPort === undefined ? {} : { metricsPort: options.metricsPort }),
    progress: options.progress,
  });
  return {
    ...stack,
    url: stack.gateway.url,
    database: databases.get("orders")?.kind === "postgres" ? "PostgreSQL" : "PGlite",
    async stopAll() {
      await stack.stop();
      await ownBus?.close();
      await Promise.all([...databases.values()].map((db) => db.drop()));
    },
  };
}

/**
 * Waits until the event flow has come to rest: every service's outbox published and every
 * consumer group it declared caught up, twice in a row (a handler that just finished may have written new outbox rows).
 */
export async function waitForQuiet(stack: Stack, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (quietRounds < 2) {
    if (Date.now() > deadline) throw new Error("the event flow did not come to rest");
    let pending = 0;
    for (const sub of Object.values(stack.subgraphs)) {
      const [row] = await sub.booted.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL`);
      pending += row?.n ?? 0;
      for (const { group, topics } of sub.booted.events.consumers()) pending += await stack.bus.lag(group, topics);
    }
    quietRounds = pending === 0 ? quietRounds + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A second gateway over a running stack's subgraphs, configured as the stack's own (the committed
 * supergraph, the test secrets, the default limits), with `options` on top: tests and benchmarks
 * compare one setting (an executor, metrics, cost) against the stack's gateway.
 */
export function startExtraGateway(stack: Pick<Stack, "subgraphs" | "revocations">, options: Partial<GatewayOptions>, name: string): Promise<RunningGateway> {
  return startGateway(
    {
      supergraph: { path: SUPERGRAPH_PATH },
      jwt: { secret: TEST_JWT.secret },
      forwardHeaders: ["authorization", "x-request-id", "accept-language"],
      corsOrigins: "*",
      subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([service, s]) => [service, s.url])),
      subgraphTimeoutMs: 10_000,
      maxBodyBytes: 1_000_000,
      limits: DEFAULT_LIMITS,
      revocations: stack.revocations,
      subgraphSigningSecret: TEST_SIGNING_SECRET,
      ...options,
    },
    createLogger(name, testConfig.LOG_LEVEL),
    0,
  );
}
