import { RevocationList, type JwtSettings } from "@floorgraph/auth";
import { existsSync } from "node:fs";
import { applyMigrations, ensurePostgresDatabase, openDatabase, saveSnapshot, type Database, type DatabaseTarget, type QueryCounter } from "@floorgraph/db";
import { createEventRuntime, InProcessBus, type EventBus, type EventRuntime, type RetryPolicy, type ServiceEvents } from "@floorgraph/events";
import type { Logger } from "@floorgraph/logger";
import type { ServiceName } from "@floorgraph/manifests";
import type { SubgraphProtection } from "./protection.ts";
import type { SubgraphServer } from "./subgraph-server.ts";

/** A subgraph's name: one of the subgraph manifests' (subgraph.json in each subgraph's folder). */
export type { ServiceName };
/** What a seed wrote: rows per kind of thing ({ skus: 2000, stock: 3438 }). */
export type SeedCounts = Record<string, number>;

/** GraphQL endpoints of sibling subgraphs a service calls directly on the caller's behalf. */
export type PeerUrls = Partial<Record<ServiceName, string>>;

export interface ServiceDeps<P> {
  prisma: P;
  db: Database;
  jwt: JwtSettings;
  /** Pass on to createSubgraphServer: signed requests only, operation and body limits. */
  protection: SubgraphProtection;
  logger: Logger;
  peers: PeerUrls;
  /** Revoked users, sessions and API keys (jwt.revocations is the same list, so every token check consults it). */
  revocations: RevocationList;
  /** The service's outbox, and where it declares the consumer of the events it reacts to. */
  events: ServiceEvents;
  /** The subgraph's cost limit (MAX_COST); the default when absent. */
  maxCost?: number;
}

/** What each subgraph package exports so that one process or many can run it the same way. */
export interface ServiceDefinition<P extends { $disconnect(): Promise<void> }> {
  name: ServiceName;
  migrationsDir: string;
  createClient(db: Database, options?: { counter?: QueryCounter }): P;
  /** Seeds the demo data set when the service's tables are empty; returns what it wrote (rows per kind), or false. */
  seedDemoData?(prisma: P, logger: Logger): Promise<SeedCounts | boolean>;
  createServer(deps: ServiceDeps<P>): Promise<SubgraphServer>;
}

export interface BootOptions {
  database: DatabaseTarget;
  jwt: JwtSettings;
  protection: SubgraphProtection;
  logger: Logger;
  migrate: boolean;
  seedDemoData: boolean;
  peers?: PeerUrls;
  counter?: QueryCounter;
  /** Create the database on the server if it is missing (database per service on one cluster). */
  createDatabase?: boolean;
  /** Where events go; a bus of the service's own when omitted (it then only hears itself). */
  bus?: EventBus;
  eventRetry?: Partial<RetryPolicy>;
  /** Relay poll interval (the relay is nudged after every commit that wrote events anyway). */
  outboxPollMs?: number;
  /** The revocation list shared with the gateway (one process) or fed by Redis; one of its own when omitted. */
  revocations?: RevocationList;
  /** The subgraph's cost limit (MAX_COST). */
  maxCost?: number;
  /**
   * PGlite only: a snapshot file of this database as this boot leaves it (migrated, and seeded when
   * seedDemoData). Restored into a fresh directory when it exists; written after the first boot
   * otherwise. The caller names it so that it changes with the migrations and the seed.
   */
  snapshot?: string;
  /** What the boot is doing, for a start-up display ("migrating", "seeding", "starting"). */
  onPhase?(phase: "migrating" | "seeding" | "starting"): void;
}

export interface BootedService<P> {
  server: SubgraphServer;
  prisma: P;
  db: Database;
  /**
   * The service's outbox relay and consumer. Consumers are subscribed on boot; the relay starts
   * with startRelay() (the stack starts every relay once all consumers of the process listen).
   */
  events: EventRuntime;
  /** Stops the event flow, closes the Prisma client and the database; call after the HTTP server stopped. */
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds when asked, and builds the server (not yet listening). */
export async function bootService<P extends { $disconnect(): Promise<void> }>(
  definition: ServiceDefinition<P>,
  options: BootOptions,
): Promise<BootedService<P>> {
  const logger = options.logger.child({ service: definition.name });
  if ("url" in options.database && options.createDatabase) await ensurePostgresDatabase(options.database.url);
  const target = options.snapshot && "pgliteDir" in options.database ? { ...options.database, restoreFrom: options.snapshot } : options.database;
  const db = await openDatabase(target);
  try {
    if (options.migrate) {
      options.onPhase?.("migrating");
      const applied = await applyMigrations(db, definition.migrationsDir);
      if (applied.length) logger.info({ applied }, "applied migrations");
    }
    const prisma = definition.createClient(db, { counter: options.counter });
    if (options.seedDemoData && definition.seedDemoData) {
      const started = performance.now();
      options.onPhase?.("seeding");
      if (await definition.seedDemoData(prisma, logger)) {
        logger.info({ ms: Math.round(performance.now() - started) }, "seeded demo data");
      }
    }
    if (options.snapshot && !existsSync(options.snapshot) && (await saveSnapshot(db, options.snapshot))) {
      logger.debug({ snapshot: options.snapshot }, "saved a database snapshot");
    }
    options.onPhase?.("starting");
    const bus = options.bus ?? new InProcessBus();
    const events = createEventRuntime({ service: definition.name, db, bus, logger, retry: options.eventRetry, pollMs: options.outboxPollMs });
    const revocations = options.revocations ?? new RevocationList();
    const jwt = { ...options.jwt, revocations };
    const server = await definition.createServer({ prisma, db, jwt, protection: options.protection, logger, peers: options.peers ?? {}, events, revocations, maxCost: options.maxCost });
    await events.startConsumers();
    return {
      server,
      prisma,
      db,
      events,
      async close() {
        await events.stop();
        if (!options.bus) await bus.close();
        if (!options.revocations) await revocations.close();
        await prisma.$disconnect();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
