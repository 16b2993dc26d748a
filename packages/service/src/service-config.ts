import { resolve } from "node:path";
import { baseEnvSchema, envBoolean, envPort, parseEnv, z } from "@floorgraph/config";
import { jwtSecretEnvShape, requireSigningSecretsInProduction, signingEnvShape, signingSettingsFrom, tokenTtlEnvShape } from "@floorgraph/auth";
import { eventEnvShape, eventSettingsFrom, type EventSettings } from "@floorgraph/events";
import type { DatabaseTarget } from "@floorgraph/db";
import type { PeerUrls, ServiceName } from "./boot.ts";
import { DEFAULT_SUBGRAPH_MAX_COST } from "./cost-limit.ts";
import { operationLimitsEnvShape, operationLimitsFrom } from "./operation-limits.ts";
import { DEFAULT_SUBGRAPH_PROTECTION, type SubgraphProtection } from "./protection.ts";

const defaults = DEFAULT_SUBGRAPH_PROTECTION;

/** Only for development: production refuses to start without a JWT_SECRET of its own. */
export const DEV_JWT_SECRET = "floorgraph-development-only-secret-do-not-deploy";

/** Development ports, the routing URLs of schema/supergraph.config.json; peers default to them. */
export const DEFAULT_PORTS: Record<ServiceName, number> = { users: 4001, orders: 4002, inventory: 4003, warehouse: 4004, shipment: 4005, wcs: 4006 };
const PEERS = Object.keys(DEFAULT_PORTS) as ServiceName[];

/** The environment of one subgraph process (see README, Configuration). */
export function serviceEnvSchema(defaultPort: number) {
  return baseEnvSchema
    .extend({
      PORT: envPort(defaultPort).describe("where the subgraph listens (default: its port in the composition, 4001–4006)"),
      HOST: z.string().default("127.0.0.1").describe("address to listen on (`0.0.0.0` in containers)"),
      DATABASE_URL: z.string().url().optional().describe("PostgreSQL URL of the service's database; unset: embedded PGlite under `DATA_DIR`"),
      DATA_DIR: z.string().default(".data").describe("where PGlite keeps its data when no `DATABASE_URL` is set"),
      ...jwtSecretEnvShape,
      ...tokenTtlEnvShape,
      REDIS_URL: z.string().url().optional().describe("revocations (disabled users, logouts, revoked keys) reach every process through this Redis; unset: only within this process"),
      MIGRATE_ON_START: envBoolean(true).describe("apply pending migrations at start"),
      SEED_DEMO_DATA: envBoolean(true).describe("seed demo data into empty databases; always off in production"),
      MAX_COST: z.coerce.number().int().positive().default(DEFAULT_SUBGRAPH_MAX_COST).describe("the most an operation may cost, estimated on the subgraph's own schema (`COST_ESTIMATED_TOO_EXPENSIVE`)"),
      ...eventEnvShape,
      ...signingEnvShape,
      ...operationLimitsEnvShape,
      MAX_BODY_BYTES: z.coerce.number().int().positive().default(defaults.maxBodyBytes).describe("largest HTTP request body, else 413 `PAYLOAD_TOO_LARGE`"),
      MAX_SOCKET_MESSAGE_BYTES: z.coerce.number().int().positive().default(defaults.sockets.maxPayloadBytes).describe("largest graphql-ws message (close 1009)"),
      CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().positive().default(defaults.sockets.connectionInitWaitMs).describe("a socket's time to send `connection_init`, else close 4408"),
      MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().positive().default(defaults.sockets.maxSubscriptionsPerSocket).describe("operations one graphql-ws socket may run at once"),
      ...Object.fromEntries(PEERS.map((p) => [`SUBGRAPH_${p.toUpperCase()}_URL`, z.string().url().optional().describe(`where the ${p} subgraph is reached for peer calls (default: its development port)`)])),
    })
    .superRefine((env, ctx) => {
      if (env.NODE_ENV === "production" && !env.JWT_SECRET) {
        ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is required when NODE_ENV=production" });
      }
      requireSigningSecretsInProduction(env, ctx);
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
}

export function loadServiceConfig(name: ServiceName, env: Record<string, string | undefined>): ServiceConfig {
  const parsed = parseEnv(serviceEnvSchema(DEFAULT_PORTS[name]), env) as z.infer<ReturnType<typeof serviceEnvSchema>> & Record<string, unknown>;
  const signing = signingSettingsFrom(parsed);
  const peers: PeerUrls = {};
  for (const peer of PEERS) {
    const url = parsed[`SUBGRAPH_${peer.toUpperCase()}_URL`];
    peers[peer] = typeof url === "string" ? url : `http://127.0.0.1:${DEFAULT_PORTS[peer]}/graphql`;
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
  };
}
