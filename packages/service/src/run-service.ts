import { RevocationList } from "@floorgraph/auth";
import { RedisRevocationTransport } from "@floorgraph/auth/redis";
import { createEventBus } from "@floorgraph/events";
import { createLogger, stopOnSignals } from "@floorgraph/logger";
import { startTracing } from "@floorgraph/tracing/sdk";
import { bootService, type ServiceDefinition } from "./boot.ts";
import type { ServiceConfig } from "./service-config.ts";

/** The body of every subgraph's main.ts: boot, listen, and stop cleanly on SIGINT/SIGTERM. */
export async function runService<P extends { $disconnect(): Promise<void> }>(definition: ServiceDefinition<P>, config: ServiceConfig) {
  const tracing = startTracing(config.tracing, definition.name);
  const logger = createLogger(definition.name, config.logLevel);
  if (config.usingDevSecret) logger.warn("JWT_SECRET is not set: using the development secret");
  if (config.usingDevSigningSecret) logger.warn("SUBGRAPH_SIGNING_SECRETS is not set: using the development secret");
  if (!config.events.kafkaBrokers.length) {
    logger.warn("KAFKA_BROKERS is not set: events stay in this process, so the other services never hear of them");
  }
  const bus = await createEventBus(config.events, logger);
  if (!config.redisUrl) logger.warn("REDIS_URL is not set: revocations (logouts, disabled users, revoked keys) stay in this process");
  const revocations = await new RevocationList(
    config.redisUrl ? new RedisRevocationTransport({ url: config.redisUrl, onError: (err) => logger.warn({ err }, "revocations: Redis unreachable") }) : null,
  ).start();
  const booted = await bootService(definition, {
    database: config.database,
    jwt: config.jwt,
    protection: config.protection,
    logger,
    migrate: config.migrate,
    seedDemoData: config.seedDemoData,
    peers: config.peers,
    createDatabase: true,
    bus,
    eventRetry: config.events.retry,
    revocations,
    maxCost: config.maxCost,
  });
  booted.events.startRelay();
  const running = await booted.server.listen(config.port, config.host);
  stopOnSignals(logger, async () => {
    await running.stop();
    await booted.close();
    await bus.close();
    await revocations.close();
    await tracing.shutdown();
  });
  return running;
}
