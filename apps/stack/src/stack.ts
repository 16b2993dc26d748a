import { RevocationList } from "@floorgraph/auth";
import { DEFAULT_LIMITS, startGateway, type AccessSettings, type GatewayOptions, type RunningGateway } from "@floorgraph/gateway";
import type { DatabaseTarget, QueryCounter } from "@floorgraph/db";
import { InProcessBus, type EventBus, type RetryPolicy } from "@floorgraph/events";
import type { Logger } from "@floorgraph/logger";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import {
  bootService,
  DEFAULT_SUBGRAPH_PROTECTION,
  type BootedService,
  type PeerUrls,
  type RunningServer,
  type ServiceName,
  type SubgraphProtection,
} from "@floorgraph/service";
import type { SubgraphManifest } from "@floorgraph/manifests";
import type { UsersSettings } from "@floorgraph/users";
import type { WcsServiceOptions } from "@floorgraph/wcs-bridge";
import { startFloorSimulator, type Dynamics, type FloorSimulator } from "@floorgraph/wcs-bridge/simulator";
import { loadServiceDefinitions, MANIFESTS, portOffsets, type AnyServiceDefinition } from "./services.ts";
import type { Progress } from "./startup/progress.ts";

/** The floor the WCS bridge talks to: a PLC endpoint, or the built-in simulator on a port (0 = any). */
export type FloorTarget = { endpoint: string } | { simulatorPort: number; seed?: number; dynamics?: Partial<Dynamics> };

export interface StackOptions {
  host?: string;
  gatewayPort: number;
  /** 0: every subgraph on a free port. */
  subgraphBasePort: number;
  database: (service: ServiceName) => DatabaseTarget;
  /** Awaited before a service boots (`npm start`: its database being made in a worker thread). */
  databaseReady?: (service: ServiceName) => Promise<void>;
  /** Shows each part as it starts (`npm start`); nothing by default. */
  progress?: Progress;
  /** PGlite snapshots to boot each service's database from (see BootOptions.snapshot); none by default. */
  databaseSnapshot?: (service: ServiceName) => string | undefined;
  jwt: { secret: string; ttlSeconds?: number };
  /** Requests to subgraphs are signed with the first and verified with any (SUBGRAPH_SIGNING_SECRETS). */
  signingSecrets: string[];
  seedDemoData: boolean;
  logger: Logger;
  /** Per-service SQL statement counters (tests). */
  counters?: Partial<Record<ServiceName, QueryCounter>>;
  createDatabases?: boolean;
  floor: FloorTarget;
  /** The bus the services' events flow through (Kafka, or by default one in-process bus for all of them). */
  bus?: EventBus;
  eventRetry?: Partial<RetryPolicy>;
  /** The gateway's settings beyond the defaults (`npm start`: the gateway's own variables, as its process reads them). */
  gateway?: Partial<Omit<GatewayOptions, "supergraph" | "subgraphUrls" | "revocations" | "jwt" | "subgraphSigningSecret">>;
  /** The users service's settings (sessions, login throttling); its defaults otherwise. */
  users?: UsersSettings;
  /** The revocation list every service and the gateway share; by default one of the stack's own (all in this process). */
  revocations?: RevocationList;
  /** The gateway's rate limits, persisted-query storage and introspection policy (defaults: DEFAULT_ACCESS). */
  gatewayAccess?: Partial<AccessSettings>;
  /** The gateway's budgets, socket limits and cost budgets, when not the defaults (tests change them). */
  gatewayLimits?: Pick<GatewayOptions, "budget" | "sockets" | "costBudgets">;
  /** The subgraphs to run (default: every manifest of the repository); tests add a fixture. */
  manifests?: readonly SubgraphManifest[];
  /** The supergraph the gateway serves (default: the committed schema/supergraph.graphql). */
  supergraphSdl?: string;
}

export interface RunningSubgraph {
  url: string;
  booted: BootedService<{ $disconnect(): Promise<void> }>;
  running: RunningServer;
}

export interface Stack {
  gateway: RunningGateway;
  subgraphs: Record<ServiceName, RunningSubgraph>;
  /** Stops one subgraph's server and starts a new one on the same port (its database stays): a restart. */
  restartSubgraph(name: ServiceName): Promise<void>;
  /** The built-in floor simulator, when the stack runs one. */
  simulator: FloorSimulator | null;
  floorEndpoint: string;
  bus: EventBus;
  /** What the users service revokes and everything else in the process refuses. */
  revocations: RevocationList;
  stop(): Promise<void>;
}

/** Boots every subgraph of the manifests (migrated, seeded on first run) and the gateway over the committed supergraph. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const host = options.host ?? "127.0.0.1";
  const subgraphs = {} as Record<ServiceName, RunningSubgraph>;
  let simulator: FloorSimulator | null = null;
  const bus = options.bus ?? new InProcessBus();
  // One list for the whole process: the users service revokes, the gateway and every subgraph refuse.
  const revocations = options.revocations ?? new RevocationList();
  const protection: SubgraphProtection = { ...DEFAULT_SUBGRAPH_PROTECTION, signingSecrets: options.signingSecrets };
  const stopAll = async () => {
    for (const sub of Object.values(subgraphs).reverse()) {
      await sub.running.stop();
      await sub.booted.close();
    }
    await simulator?.stop();
    if (!options.bus) await bus.close();
    if (!options.revocations) await revocations.close();
  };
  try {
    if ("simulatorPort" in options.floor) {
      const step = options.progress?.step("simulator", "floor simulator", "building the OPC UA address space");
      simulator = await startFloorSimulator({
        port: options.floor.simulatorPort,
        host,
        seed: options.floor.seed ?? 1,
        autoStart: true,
        ...options.floor.dynamics,
        logger: options.logger.child({ service: "floor-simulator" }),
      });
      step?.done("listening");
    }
    const floorEndpoint = simulator ? simulator.endpointUrl : (options.floor as { endpoint: string }).endpoint;
    // The embedded simulator speaks plain OPC UA on loopback; a real PLC endpoint comes through the
    // wcs subgraph's own configuration (SignAndEncrypt by default) when it runs as its own process.
    const wcs: WcsServiceOptions = { floorEndpoint, clientOptions: { securityMode: "None", allowInsecure: true } };
    const manifests = options.manifests ?? MANIFESTS;
    const portOffset = portOffsets(manifests);
    const definitions = new Map<ServiceName, AnyServiceDefinition>();
    const peersOf = new Map<ServiceName, PeerUrls>();
    const all = await loadServiceDefinitions(manifests, { users: options.users, wcs });
    for (const [index, definition] of all.entries()) {
      await options.databaseReady?.(definition.name);
      const step = options.progress?.step(`svc:${definition.name}`, `${definition.name} subgraph`);
      const peers: PeerUrls = {};
      definitions.set(definition.name, definition);
      peersOf.set(definition.name, peers);
      for (const peer of (manifests[index] as SubgraphManifest).peers as ServiceName[]) peers[peer] = subgraphs[peer]?.url;
      const booted = await bootService(definition, {
        database: options.database(definition.name),
        snapshot: options.databaseSnapshot?.(definition.name),
        jwt: options.jwt,
        protection,
        logger: options.logger,
        migrate: true,
        seedDemoData: options.seedDemoData,
        peers,
        counter: options.counters?.[definition.name],
        createDatabase: options.createDatabases,
        bus,
        eventRetry: options.eventRetry,
        revocations,
        onPhase: (phase) => step?.update(phase),
      });
      const port = options.subgraphBasePort === 0 ? 0 : options.subgraphBasePort + portOffset[definition.name];
      const running = await booted.server.listen(port, host);
      subgraphs[definition.name] = { url: running.url, booted, running };
      step?.done(running.url);
    }
    // Every consumer of the process listens by now, so nothing published is missed by a late one.
    for (const sub of Object.values(subgraphs)) sub.booted.events.startRelay();
    const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url]));
    const gatewayStep = options.progress?.step("gateway", "gateway", "loading the supergraph");
    const gateway = await startGateway(
      {
        supergraph: options.supergraphSdl ? { sdl: options.supergraphSdl } : { path: SUPERGRAPH_PATH },
        jwt: { secret: options.jwt.secret },
        forwardHeaders: ["authorization", "x-request-id", "accept-language"],
        corsOrigins: "*",
        subgraphUrls,
        subgraphTimeoutMs: 10_000,
        maxBodyBytes: 1_000_000,
        limits: DEFAULT_LIMITS,
        revocations,
        subgraphSigningSecret: options.signingSecrets[0] as string,
        ...options.gateway,
        ...options.gatewayLimits,
        access: { ...options.gateway?.access, ...options.gatewayAccess },
      },
      options.logger.child({ service: "gateway" }),
      options.gatewayPort,
      host,
    );
    gatewayStep?.done("supergraph loaded");
    return {
      gateway,
      subgraphs,
      simulator,
      floorEndpoint,
      bus,
      revocations,
      async restartSubgraph(name) {
        const sub = subgraphs[name];
        const definition = definitions.get(name);
        if (!definition) throw new Error(`unknown subgraph ${name}`);
        await sub.running.stop();
        const server = await definition.createServer({
          prisma: sub.booted.prisma as never,
          db: sub.booted.db,
          jwt: { ...options.jwt, revocations },
          protection,
          logger: options.logger.child({ service: name }),
          peers: peersOf.get(name) ?? {},
          events: sub.booted.events,
          revocations,
        });
        sub.running = await server.listen(sub.running.port, host);
      },
      async stop() {
        await gateway.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
