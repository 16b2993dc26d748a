import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gatewaySettingsFrom, gatewaySettingsShape, type GatewaySettings } from "@floorgraph/gateway";
import { isPlaceholderSecret, tokenTtlEnvShape } from "@floorgraph/auth";
import { eventEnvShape, eventSettingsFrom, type EventSettings } from "@floorgraph/events";
import { tracingEnvShape, tracingSettingsFrom, type TracingSettings } from "@floorgraph/tracing";
import { loadUsersSettings, usersEnvSchema, type UsersSettings } from "@floorgraph/users";
import { baseEnvSchema, envBoolean, envPort, logLevel, parseEnv, z } from "@floorgraph/config";

/**
 * `npm start`'s own variables; the gateway's, the users service's and the event bus's are theirs,
 * composed here so that the one process honours each of them as their own processes do.
 */
export const stackEnvSchema = baseEnvSchema.extend({
  HOST: z.string().default("127.0.0.1").describe("address every server of the process listens on (`0.0.0.0` in a container)"),
  GATEWAY_PORT: envPort(4000).describe("the gateway's port (`0` = any free)"),
  SUBGRAPH_BASE_PORT: envPort(4001).describe("first subgraph port; each subgraph at its manifest's port less the lowest (`0` = any free)"),
  DATA_DIR: z.string().default(".data").describe("where PGlite keeps each service's data (and the generated development secrets) when no `DATABASE_URL` is set"),
  DATABASE_URL: z.string().url().optional().describe("a PostgreSQL server URL; each service gets its own database on it, named `<database>_<service>`"),
  SEED_DEMO_DATA: envBoolean(true).describe("seed demo data into empty databases; never in production (`true` there refuses to start)"),
  DASHBOARD: envBoolean(true).describe("serve the operations dashboard (built when stale)"),
  DASHBOARD_PORT: envPort(4173).describe("the dashboard's port"),
  FLOOR_ENDPOINT: z.string().regex(/^opc\.tcp:\/\//, "must be an opc.tcp:// URL").optional().describe("a PLC's `opc.tcp://` endpoint for the WCS bridge; unset: the built-in floor simulator"),
  SIMULATOR_PORT: envPort(4840).describe("the built-in floor simulator's OPC UA port"),
  SIMULATOR_SEED: z.coerce.number().int().min(0).default(1).describe("seed of the built-in simulator's jams and faults"),
  METRICS_PORT: envPort(9464).describe("one port serving every service's Prometheus `/metrics`, labelled by `service` (`0` = any free; none with `METRICS=false`)"),
  LOG_LEVEL: logLevel.default("warn").describe("pino level of the JSON logs"),
  ...gatewaySettingsShape,
  ...tokenTtlEnvShape,
  ...eventEnvShape,
  ...tracingEnvShape,
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
  /** Sessions, login throttling and password hashing (the users service's own variables). */
  users: UsersSettings;
  seedDemoData: boolean;
  dashboard: { enabled: boolean; port: number };
  /** Where every service's metrics are served; null with METRICS=false. */
  metricsPort: number | null;
  floor: { endpoint: string } | { simulatorPort: number; seed: number };
  production: boolean;
  logLevel: z.infer<typeof stackEnvSchema>["LOG_LEVEL"];
  /** Kafka when KAFKA_BROKERS is set, else the in-process bus. */
  events: EventSettings;
  /** OpenTelemetry for the whole process (one tracer provider, service.name `floorgraph`). */
  tracing: TracingSettings;
  /** The gateway's own variables (limits, budgets, access, Redis …) as a gateway process reads them. */
  gateway: Omit<GatewaySettings, "jwt" | "subgraphUrls" | "subgraphSigningSecret" | "usingDevSigningSecret">;
}

/**
 * `npm start` settings. Without JWT_SECRET a random one is made once and kept in the data folder,
 * so tokens survive restarts of the embedded system; without SUBGRAPH_SIGNING_SECRETS likewise.
 */
export function loadStackConfig(env: Record<string, string | undefined> = process.env): StackConfig {
  const parsed = parseEnv(stackEnvSchema, env);
  const dataDir = resolve(parsed.DATA_DIR);
  const production = parsed.NODE_ENV === "production";
  if (production && !parsed.JWT_SECRET) throw new Error("JWT_SECRET is required when NODE_ENV=production");
  if (production && !parsed.SUBGRAPH_SIGNING_SECRETS.length) throw new Error("SUBGRAPH_SIGNING_SECRETS is required when NODE_ENV=production");
  if (production && [parsed.JWT_SECRET as string, ...parsed.SUBGRAPH_SIGNING_SECRETS].some(isPlaceholderSecret)) {
    throw new Error("JWT_SECRET and SUBGRAPH_SIGNING_SECRETS must be secrets of your own (not change-me, not the development ones) when NODE_ENV=production");
  }
  if (production && env.SEED_DEMO_DATA && parsed.SEED_DEMO_DATA) throw new Error("SEED_DEMO_DATA: demo data (published logins) is never seeded when NODE_ENV=production; unset it");
  // The subgraphs of this process are reached where it starts them: SUBGRAPH_<NAME>_URL are not read.
  const { jwt: _jwt, subgraphUrls: _urls, subgraphSigningSecret: _signing, usingDevSigningSecret: _dev, ...gateway } = gatewaySettingsFrom(parsed, {});
  return {
    host: parsed.HOST,
    gatewayPort: parsed.GATEWAY_PORT,
    subgraphBasePort: parsed.SUBGRAPH_BASE_PORT,
    dataDir,
    databaseUrl: parsed.DATABASE_URL,
    jwtSecret: parsed.JWT_SECRET ?? persistentDevSecret(dataDir, "jwt-secret"),
    signingSecrets: parsed.SUBGRAPH_SIGNING_SECRETS.length ? parsed.SUBGRAPH_SIGNING_SECRETS : [persistentDevSecret(dataDir, "signing-secret")],
    jwtTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    users: loadUsersSettings(env),
    seedDemoData: parsed.SEED_DEMO_DATA && !production,
    dashboard: { enabled: parsed.DASHBOARD, port: parsed.DASHBOARD_PORT },
    metricsPort: parsed.METRICS ? parsed.METRICS_PORT : null,
    floor: parsed.FLOOR_ENDPOINT ? { endpoint: parsed.FLOOR_ENDPOINT } : { simulatorPort: parsed.SIMULATOR_PORT, seed: parsed.SIMULATOR_SEED },
    production,
    logLevel: parsed.LOG_LEVEL,
    events: eventSettingsFrom(parsed),
    tracing: tracingSettingsFrom(parsed),
    gateway,
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
