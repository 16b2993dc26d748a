import { resolve } from "node:path";
import { baseEnvSchema, ConfigError, envBoolean, envPort, parseEnv, z } from "@floorgraph/config";
import { jwtSecretEnvShape, refusePlaceholderSecretsInProduction, requireSigningSecretsInProduction, signingEnvShape, signingSettingsFrom, tokenTtlEnvShape } from "@floorgraph/auth";
import { eventEnvShape, eventSettingsFrom, type EventSettings } from "@floorgraph/events";
import { tracingEnvShape, tracingSettingsFrom, type TracingSettings } from "@floorgraph/tracing";
import type { DatabaseTarget } from "@floorgraph/db";
import { defaultPorts, discoverSubgraphs, subgraphNamed, urlEnvVar, type SubgraphManifest } from "@floorgraph/manifests";
import type { PeerUrls, ServiceName } from "./boot.ts";
import { DEFAULT_SUBGRAPH_MAX_COST } from "./cost-limit.ts";
import { operationLimitsEnvShape, operationLimitsFrom } from "./operation-limits.ts";
import { DEFAULT_SUBGRAPH_PROTECTION, type SubgraphProtection } from "./protection.ts";

const defaults = DEFAULT_SUBGRAPH_PROTECTION;

/** Only for development: production refuses to start without a JWT_SECRET of its own. */
export const DEV_JWT_SECRET = "floorgraph-development-only-secret-do-not-deploy";

/** Development ports (each manifest's `port`, also the supergraph's routing URLs); peers default to them. */
export const DEFAULT_PORTS = defaultPorts(discoverSubgraphs()) as Record<ServiceName, number>;

/** The environment of one subgraph process (see README, Configuration); SUBGRAPH_<NAME>_URL for every subgraph. */
export function serviceEnvSchema(defaultPort: number, manifests: readonly SubgraphManifest[] = discoverSubgraphs()) {
  return baseEnvSchema
    .extend({
      PORT: envPort(defaultPort).describe("where the subgraph listens (default: its manifest's `port`, 4001–4006)"),
      HOST: z.string().default("127.0.0.1").describe("address to listen on (`0.0.0.0` in containers)"),
      DATABASE_URL: z.string().url().optional().describe("PostgreSQL URL of the service's database; unset: embedded PGlite under `DATA_DIR`"),
      DATA_DIR: z.string().default(".data").describe("where PGlite keeps its data when no `DATABASE_URL` is set"),
      ...jwtSecretEnvShape,
      ...tokenTtlEnvShape,
      REDIS_URL: z.string().url().optional().describe("revocations (disabled users, logouts, revoked keys) reach every process through this Redis; unset: only within this process"),
      MIGRATE_ON_START: envBoolean(true).describe("apply pending migrations at start"),
      SEED_DEMO_DATA: envBoolean(true).describe("seed demo data into empty databases; never in production (`true` there refuses to start)"),
      MAX_COST: z.coerce.number().int().positive().default(DEFAULT_SUBGRAPH_MAX_COST).describe("the most an operation may cost, estimated on the subgraph's own schema (`COST_ESTIMATED_TOO_EXPENSIVE`)"),
      ...eventEnvShape,
      ...tracingEnvShape,
      ...signingEnvShape,
      ...operationLimitsEnvShape,
      MAX_BODY_BYTES: z.coerce.number().int().positive().default(defaults.maxBodyBytes).describe("largest HTTP request body, else 413 `PAYLOAD_TOO_LARGE`"),
      MAX_SOCKET_MESSAGE_BYTES: z.coerce.number().int().positive().default(defaults.sockets.maxPayloadBytes).describe("largest graphql-ws message (close 1009)"),
      CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().positive().default(defaults.sockets.connectionInitWaitMs).describe("a socket's time to send `connection_init`, else close 4408"),
      MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().positive().default(defaults.sockets.maxSubscriptionsPerSocket).describe("operations one graphql-ws socket may run at once"),
      // One per subgraph manifest: where each is reached (an http(s) URL).
      ...Object.fromEntries(
        manifests.map((m) => [urlEnvVar(m.name), z.url({ protocol: /^https?$/ }).optional().describe(`where the ${m.name} subgraph is reached for peer calls (default: its development port)`)]),
      ),
    })
    .superRefine((env, ctx) => {
      if (env.NODE_ENV === "production" && !env.JWT_SECRET) {
        ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is required when NODE_ENV=production" });
      }
      requireSigningSecretsInProduction(env, ctx);
      refusePlaceholderSecretsInProduction(env, ctx);
    });
}

export interface ServiceConfig {
  name: ServiceName;
  port: number;
  host: string;
  database: DatabaseTarget;
  jwt: { secret: string; ttlSeconds: number };
  /** Where revocations are published and heard; without it, only within this process. */
  redisUrl: string | undefined;
  migrate: boolean;
  /** Never true in production: demo accounts have a published password. */
  seedDemoData: boolean;
  logLevel: z.infer<typeof baseEnvSchema>["LOG_LEVEL"];
  peers: PeerUrls;
  usingDevSecret: boolean;
  /** Signed requests only, operation limits (MAX_DEPTH …), body and socket limits. */
  protection: SubgraphProtection;
  usingDevSigningSecret: boolean;
  events: EventSettings;
  /** The most an operation may cost, estimated on this subgraph's schema (MAX_COST). */
  maxCost: number;
  /** OpenTelemetry (OTEL_EXPORTER_OTLP_ENDPOINT …): set up by runService. */
  tracing: TracingSettings;
}

/**
 * One subgraph's settings. `root`: the repository whose manifests to read (tests use a copy with
 * a fixture subgraph); an unknown name throws, naming the known ones.
 */
export function loadServiceConfig(name: ServiceName, env: Record<string, string | undefined>, root?: string): ServiceConfig {
  const manifests = discoverSubgraphs(root);
  const own = subgraphNamed(name, root);
  // Demo accounts have a published password: asked for in production, refuse rather than quietly skip.
  if (env.NODE_ENV === "production" && env.SEED_DEMO_DATA && envBoolean(false).parse(env.SEED_DEMO_DATA)) {
    throw new ConfigError(["SEED_DEMO_DATA: demo data (published logins) is never seeded when NODE_ENV=production; unset it"]);
  }
  const parsed = parseEnv(serviceEnvSchema(own.port, manifests), env) as z.infer<ReturnType<typeof serviceEnvSchema>> & Record<string, unknown>;
  const signing = signingSettingsFrom(parsed);
  const peers: PeerUrls = {};
  for (const peer of manifests) {
    const url = parsed[urlEnvVar(peer.name)];
    peers[peer.name as ServiceName] = typeof url === "string" ? url : `http://127.0.0.1:${peer.port}/graphql`;
  }
  return {
    name,
    port: parsed.PORT,
    host: parsed.HOST,
    database: parsed.DATABASE_URL ? { url: parsed.DATABASE_URL } : { pgliteDir: resolve(parsed.DATA_DIR, "pglite", name) },
    jwt: { secret: parsed.JWT_SECRET ?? DEV_JWT_SECRET, ttlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS },
    redisUrl: parsed.REDIS_URL,
    migrate: parsed.MIGRATE_ON_START,
    seedDemoData: parsed.NODE_ENV !== "production" && parsed.SEED_DEMO_DATA,
    logLevel: parsed.LOG_LEVEL,
    peers,
    usingDevSecret: !parsed.JWT_SECRET,
    protection: {
      signingSecrets: signing.secrets,
      limits: operationLimitsFrom(parsed),
      maxBodyBytes: parsed.MAX_BODY_BYTES,
      sockets: {
        maxPayloadBytes: parsed.MAX_SOCKET_MESSAGE_BYTES,
        connectionInitWaitMs: parsed.CONNECTION_INIT_TIMEOUT_MS,
        maxSubscriptionsPerSocket: parsed.MAX_SUBSCRIPTIONS_PER_SOCKET,
      },
    },
    usingDevSigningSecret: signing.usingDevSecret,
    events: eventSettingsFrom(parsed),
    maxCost: parsed.MAX_COST,
    tracing: tracingSettingsFrom(parsed),
  };
}
