import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { accessEnvShape, accessSettingsFrom, type AccessSettings } from "@floorgraph/gateway";
import { DEFAULT_ACCESS_TOKEN_TTL_SECONDS, MAX_ACCESS_TOKEN_TTL_SECONDS } from "@floorgraph/auth";
import { loadUsersSettings, type UsersSettings } from "@floorgraph/users";
import {
  baseEnvSchema,
  envBoolean,
  envPort,
  eventEnvShape,
  eventSettingsFrom,
  logLevel,
  parseEnv,
  signingEnvShape,
  z,
  type EventSettings,
} from "@floorgraph/config";

const envSchema = baseEnvSchema.extend({
  HOST: z.string().default("127.0.0.1"),
  GATEWAY_PORT: envPort(4000),
  /** First subgraph port: each subgraph listens at its manifest's port offset from it (users first). 0 = any free ports. */
  SUBGRAPH_BASE_PORT: envPort(4001),
  DATA_DIR: z.string().default(".data"),
  /** A PostgreSQL server URL; each service gets its own database on it, named <database>_<service>. */
  DATABASE_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(MAX_ACCESS_TOKEN_TTL_SECONDS).default(DEFAULT_ACCESS_TOKEN_TTL_SECONDS),
  /** A header naming the client, set by the proxy in front of the gateway (e.g. x-forwarded-for); none trusted by default. */
  TRUST_PROXY_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/).transform((h) => h.toLowerCase()).optional(),
  SEED_DEMO_DATA: envBoolean(true),
  /** The operations dashboard (web/), built when stale and served on DASHBOARD_PORT. */
  DASHBOARD: envBoolean(true),
  DASHBOARD_PORT: envPort(4173),
  /** A PLC's OPC UA endpoint for the WCS bridge; without it the built-in floor simulator runs. */
  FLOOR_ENDPOINT: z.string().regex(/^opc\.tcp:\/\//, "must be an opc.tcp:// URL").optional(),
  SIMULATOR_PORT: envPort(4840),
  SIMULATOR_SEED: z.coerce.number().int().min(0).default(1),
  LOG_LEVEL: logLevel.default("warn"),
  ...eventEnvShape,
  ...accessEnvShape,
  ...signingEnvShape,
});

export interface StackConfig {
  host: string;
  gatewayPort: number;
  subgraphBasePort: number;
  dataDir: string;
  databaseUrl: string | undefined;
  jwtSecret: string;
  /** Sign and verify the gateway's and the subgraphs' requests to subgraphs (the first signs). */
  signingSecrets: string[];
  jwtTtlSeconds: number;
  trustProxyHeader: string | null;
  /** Sessions, login throttling and password hashing (the users service's own variables). */
  users: UsersSettings;
  seedDemoData: boolean;
  dashboard: { enabled: boolean; port: number };
  floor: { endpoint: string } | { simulatorPort: number; seed: number };
  production: boolean;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** Kafka when KAFKA_BROKERS is set, else the in-process bus. */
  events: EventSettings;
  /** The gateway's rate limits, persisted-query storage and introspection policy. */
  gatewayAccess: AccessSettings;
  /** REDIS_URL: the gateway shares rate limits and persisted queries through it (revocations stay in this process). */
  gatewayRedisUrl: string | undefined;
}

/**
 * `npm start` settings. Without JWT_SECRET a random one is made once and kept in the data folder,
 * so tokens survive restarts of the embedded system; without SUBGRAPH_SIGNING_SECRETS likewise.
 */
export function loadStackConfig(env: Record<string, string | undefined> = process.env): StackConfig {
  const parsed = parseEnv(envSchema, env);
  const dataDir = resolve(parsed.DATA_DIR);
  const production = parsed.NODE_ENV === "production";
  if (production && !parsed.JWT_SECRET) throw new Error("JWT_SECRET is required when NODE_ENV=production");
  if (production && !parsed.SUBGRAPH_SIGNING_SECRETS.length) throw new Error("SUBGRAPH_SIGNING_SECRETS is required when NODE_ENV=production");
  return {
    host: parsed.HOST,
    gatewayPort: parsed.GATEWAY_PORT,
    subgraphBasePort: parsed.SUBGRAPH_BASE_PORT,
    dataDir,
    databaseUrl: parsed.DATABASE_URL,
    jwtSecret: parsed.JWT_SECRET ?? persistentDevSecret(dataDir, "jwt-secret"),
    signingSecrets: parsed.SUBGRAPH_SIGNING_SECRETS.length ? parsed.SUBGRAPH_SIGNING_SECRETS : [persistentDevSecret(dataDir, "signing-secret")],
    jwtTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    trustProxyHeader: parsed.TRUST_PROXY_HEADER ?? null,
    users: loadUsersSettings(env),
    seedDemoData: parsed.SEED_DEMO_DATA && !production,
    dashboard: { enabled: parsed.DASHBOARD, port: parsed.DASHBOARD_PORT },
    floor: parsed.FLOOR_ENDPOINT ? { endpoint: parsed.FLOOR_ENDPOINT } : { simulatorPort: parsed.SIMULATOR_PORT, seed: parsed.SIMULATOR_SEED },
    production,
    logLevel: parsed.LOG_LEVEL,
    events: eventSettingsFrom(parsed),
    gatewayAccess: accessSettingsFrom(parsed, parsed.NODE_ENV),
    gatewayRedisUrl: parsed.REDIS_URL,
  };
}

function persistentDevSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
