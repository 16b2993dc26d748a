import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { baseEnvSchema, ConfigError, envBoolean, envPort, parseEnv, z } from "@floorgraph/config";
import { isPlaceholderSecret, jwtSecretEnvShape, signingEnvShape, signingSettingsFrom } from "@floorgraph/auth";
import { DEFAULT_OPERATION_LIMITS, operationLimitsEnvShape, operationLimitsFrom } from "@floorgraph/service/limits";
import type { OperationBudget } from "./budget/operation-budget.ts";
import { tracingEnvShape, tracingSettingsFrom, type TracingSettings } from "@floorgraph/tracing";
import { accessEnvShape, accessSettingsFrom } from "./access/config.ts";
import type { AccessSettings } from "./access/index.ts";
import { DEFAULT_COST_BUDGETS, type CostBudgets } from "./budget/cost.ts";
import type { ExecutorKind } from "./execution/apollo-executor.ts";
import type { OperationLimits } from "./pipeline/use-operation-limits.ts";
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from "./subscriptions/limits.ts";

/**
 * The gateway serves any composed Federation 2 supergraph. Everything Floorgraph-specific is
 * optional: with JWT_SECRET set, bearer tokens are verified at the edge as well as in subgraphs.
 */
/** Operation limits applied to every request; generous enough for any real dashboard query. */
export const DEFAULT_LIMITS: OperationLimits = DEFAULT_OPERATION_LIMITS;

/** Subscriptions: which root fields stream states (coalesced for a slow client), and the others' buffer. */
export const DEFAULT_SUBSCRIPTIONS: SubscriptionSettings = {
  stateFields: ["conveyorChanged", "sorterChanged", "robotChanged", "floorStatus"],
  clientBuffer: 256,
};

/** Per-operation budgets: generous for the dashboard's largest screens, fatal to a runaway query. */
export const DEFAULT_BUDGET: OperationBudget = { timeoutMs: 30_000, maxResponseBytes: 5_000_000 };

export interface SubscriptionSettings {
  /** Root fields whose events are states: a slow client gets only the latest per entity id. */
  stateFields: string[];
  /** Events any other subscription may fall behind before it is closed with an error. */
  clientBuffer: number;
}

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Everything the gateway reads but where it listens and what it serves: a gateway process parses it
 * with those (envSchema), `npm start` with its own ports, so both honour the same variables.
 */
export const gatewaySettingsShape = {
  ...jwtSecretEnvShape,
  FORWARD_HEADERS: z.string().default("authorization,x-request-id,accept-language").describe("incoming headers passed on to subgraphs, comma-separated"),
  CORS_ORIGINS: z.string().default("*").describe("allowed browser origins, comma-separated"),
  SUBGRAPH_TIMEOUT_MS: positive(10_000).describe("one subgraph request's deadline"),
  MAX_BODY_BYTES: positive(1_000_000).describe("largest HTTP request body, else 413 `PAYLOAD_TOO_LARGE`"),
  ...operationLimitsEnvShape,
  COST_BUDGET_ANONYMOUS: positive(DEFAULT_COST_BUDGETS.anonymous).describe("demand control: the most an operation may cost without a token, else `COST_ESTIMATED_TOO_EXPENSIVE`"),
  COST_BUDGET_USER: positive(DEFAULT_COST_BUDGETS.user).describe("demand control: the most an operation may cost for a signed-in user"),
  COST_BUDGET_API_KEY: positive(DEFAULT_COST_BUDGETS.apiKey).describe("demand control: the most an operation may cost for an API key's token"),
  SUBSCRIPTION_STATE_FIELDS: z.string().default(DEFAULT_SUBSCRIPTIONS.stateFields.join(",")).describe("subscription root fields streamed as states: a slow client gets the latest per entity id"),
  SUBSCRIPTION_CLIENT_BUFFER: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIPTIONS.clientBuffer).describe("events any other subscription may fall behind before it ends with `UNAVAILABLE`"),
  TRUST_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "must be a header name, e.g. x-forwarded-for")
    .transform((h) => h.toLowerCase())
    .optional()
    .describe("header naming the client, set by the proxy in front (`x-forwarded-for`: its right-most entry); unset: none trusted"),
  OPERATION_TIMEOUT_MS: positive(DEFAULT_BUDGET.timeoutMs).describe("one operation's deadline, else `OPERATION_TIMEOUT`"),
  MAX_RESPONSE_BYTES: positive(DEFAULT_BUDGET.maxResponseBytes).describe("largest answer (and subgraph answer), else `RESPONSE_TOO_LARGE`"),
  MAX_SOCKET_MESSAGE_BYTES: z.coerce.number().int().positive().optional().describe("largest WebSocket message, else close 1009; unset: `MAX_BODY_BYTES`"),
  MAX_SUBSCRIPTIONS_PER_SOCKET: positive(DEFAULT_SOCKET_LIMITS.maxSubscriptionsPerSocket).describe("subscriptions on one socket, else `TOO_MANY_SUBSCRIPTIONS`"),
  MAX_SUBSCRIPTIONS_PER_PRINCIPAL: positive(DEFAULT_SOCKET_LIMITS.maxSubscriptionsPerPrincipal).describe("subscriptions per user, API key or anonymous address over sockets and SSE"),
  MAX_SOCKETS_PER_ADDRESS: positive(DEFAULT_SOCKET_LIMITS.maxSocketsPerAddress).describe("open WebSockets per client address, else HTTP 429"),
  CONNECTION_INIT_TIMEOUT_MS: positive(DEFAULT_SOCKET_LIMITS.connectionInitTimeoutMs).describe("a socket's time to send `connection_init`, else close 4408"),
  GATEWAY_EXECUTOR: z
    .enum(["apollo", "floorgraph"])
    .default("floorgraph")
    .describe("who executes query plans: `floorgraph` (the project's, docs/gateway-executor.md) or `apollo` (@apollo/gateway's executor, the fallback)"),
  METRICS: envBoolean(true).describe("the gateway counts and times operations and serves Prometheus `/metrics` (docs/operations.md); `false`: neither, and `npm start` serves no `METRICS_PORT`"),
  ...accessEnvShape,
  ...signingEnvShape,
};

export const envSchema = baseEnvSchema.extend({
  SUPERGRAPH_PATH: z.string().optional().describe("the supergraph SDL to serve (or `--supergraph`); reloaded when the file changes"),
  PORT: envPort(4000).describe("port to listen on (or `--port`; 0 for any free port)"),
  HOST: z.string().default("127.0.0.1").describe("address to listen on (or `--host`; `0.0.0.0` in containers)"),
  ...gatewaySettingsShape,
  ...tracingEnvShape,
});

/** Variables read by pattern rather than by name (documented with the schema's). */
export const GATEWAY_PATTERN_VARIABLES = [
  { name: "SUBGRAPH_<NAME>_URL", default: undefined, description: "routing URL of subgraph `<name>`, overriding the supergraph's" },
];

export interface GatewayConfig {
  supergraphPath: string;
  port: number;
  host: string;
  /** Verify bearer tokens at the edge (Floorgraph's authentication); absent for a foreign supergraph. */
  jwt: { secret: string } | null;
  /** Incoming headers passed on to every subgraph request (lower-case names). */
  forwardHeaders: string[];
  corsOrigins: string[] | "*";
  /** Per-subgraph routing URL overrides, from SUBGRAPH_<NAME>_URL. */
  subgraphUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  maxBodyBytes: number;
  limits: OperationLimits;
  /** Demand control: the most an operation may cost, by principal kind. */
  costBudgets: CostBudgets;
  /** Signs every request and socket to a subgraph (the first of SUBGRAPH_SIGNING_SECRETS). */
  subgraphSigningSecret: string;
  /** No SUBGRAPH_SIGNING_SECRETS: the development secret (never in production). */
  usingDevSigningSecret: boolean;
  subscriptions: SubscriptionSettings;
  budget: OperationBudget;
  sockets: SocketLimits;
  /** Rate limits, trusted documents' and persisted queries' storage, the introspection policy. */
  access: AccessSettings;
  logLevel: z.infer<typeof baseEnvSchema>["LOG_LEVEL"];
  /**
   * The gateway's Redis (REDIS_URL): revocations arrive from it (the users service publishes them there;
   * without it none arrive), and rate limits and automatic persisted queries are shared through it.
   */
  redisUrl?: string;
  /** A header set by the proxy in front of the gateway that names the client (its right-most entry); none trusted by default. */
  trustProxyHeader?: string | null;
  /** Who executes query plans (GATEWAY_EXECUTOR); floorgraph when absent. */
  executor?: ExecutorKind;
  /** Prometheus metrics and /metrics (METRICS); on when absent. */
  metrics?: boolean;
}

/** A command line or environment the gateway cannot start with: one line for stderr, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses the command line; `{ help: true }` for --help, a UsageError for anything it does not know. */
export function parseCommandLine(argv: string[]): { help: boolean; supergraph?: string; port?: string; host?: string } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { supergraph: { type: "string" }, port: { type: "string" }, host: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    return { ...values, help: values.help ?? false };
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
}

/** The gateway process's settings, and its tracing (set up by main.ts before the gateway starts). */
export function loadGatewayConfig(argv = process.argv.slice(2), env: Record<string, string | undefined> = process.env): GatewayConfig & { tracing: TracingSettings } {
  const values = parseCommandLine(argv);
  let parsed: z.output<typeof envSchema>;
  try {
    parsed = parseEnv(envSchema, {
      ...env,
      ...(values.supergraph ? { SUPERGRAPH_PATH: values.supergraph } : {}),
      ...(values.port ? { PORT: values.port } : {}),
      ...(values.host ? { HOST: values.host } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration: ${error.issues.join("; ")}`);
    throw error;
  }
  if (!parsed.SUPERGRAPH_PATH) throw new UsageError("no supergraph given: pass --supergraph <file> or set SUPERGRAPH_PATH (see --help)");
  if (!existsSync(parsed.SUPERGRAPH_PATH)) throw new UsageError(`the supergraph file ${parsed.SUPERGRAPH_PATH} does not exist`);
  if (parsed.NODE_ENV === "production" && !parsed.SUBGRAPH_SIGNING_SECRETS.length) {
    throw new UsageError("invalid configuration: SUBGRAPH_SIGNING_SECRETS: is required when NODE_ENV=production");
  }
  if (parsed.NODE_ENV === "production") {
    // docker-compose.yml's defaults are marked change-me: fine for a trial, never for production.
    const placeholders = [...(parsed.JWT_SECRET && isPlaceholderSecret(parsed.JWT_SECRET) ? ["JWT_SECRET"] : []), ...(parsed.SUBGRAPH_SIGNING_SECRETS.some(isPlaceholderSecret) ? ["SUBGRAPH_SIGNING_SECRETS"] : [])];
    if (placeholders.length) throw new UsageError(`invalid configuration: ${placeholders.join(", ")}: a published placeholder (change-me, the development secret) when NODE_ENV=production`);
  }
  return {
    supergraphPath: resolve(parsed.SUPERGRAPH_PATH),
    port: parsed.PORT,
    host: parsed.HOST,
    logLevel: parsed.LOG_LEVEL,
    ...gatewaySettingsFrom(parsed, env),
    tracing: tracingSettingsFrom(parsed),
  };
}

const gatewaySettingsSchema = baseEnvSchema.extend(gatewaySettingsShape);

/** The gateway's settings but where it listens and what it serves. */
export type GatewaySettings = Omit<GatewayConfig, "supergraphPath" | "port" | "host" | "logLevel">;

/** Settings from a parse that included gatewaySettingsShape; SUBGRAPH_<NAME>_URL are read from env by pattern. */
export function gatewaySettingsFrom(parsed: z.output<typeof gatewaySettingsSchema>, env: Record<string, string | undefined>): GatewaySettings {
  const signing = signingSettingsFrom(parsed);
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^SUBGRAPH_(.+)_URL$/.exec(key);
    if (!match || !value) continue;
    const url = z.string().url().safeParse(value);
    if (!url.success) throw new UsageError(`invalid configuration: ${key} is not a URL`);
    subgraphUrls[(match[1] as string).toLowerCase()] = url.data;
  }
  return {
    jwt: parsed.JWT_SECRET ? { secret: parsed.JWT_SECRET } : null,
    forwardHeaders: parsed.FORWARD_HEADERS.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean),
    corsOrigins: parsed.CORS_ORIGINS === "*" ? "*" : parsed.CORS_ORIGINS.split(",").map((o) => o.trim()),
    subgraphUrls,
    subgraphTimeoutMs: parsed.SUBGRAPH_TIMEOUT_MS,
    maxBodyBytes: parsed.MAX_BODY_BYTES,
    limits: operationLimitsFrom(parsed),
    costBudgets: { anonymous: parsed.COST_BUDGET_ANONYMOUS, user: parsed.COST_BUDGET_USER, apiKey: parsed.COST_BUDGET_API_KEY },
    subgraphSigningSecret: signing.secrets[0] as string,
    usingDevSigningSecret: signing.usingDevSecret,
    subscriptions: {
      stateFields: parsed.SUBSCRIPTION_STATE_FIELDS.split(",").map((f) => f.trim()).filter(Boolean),
      clientBuffer: parsed.SUBSCRIPTION_CLIENT_BUFFER,
    },
    budget: { timeoutMs: parsed.OPERATION_TIMEOUT_MS, maxResponseBytes: parsed.MAX_RESPONSE_BYTES },
    sockets: {
      maxMessageBytes: parsed.MAX_SOCKET_MESSAGE_BYTES ?? parsed.MAX_BODY_BYTES,
      maxSubscriptionsPerSocket: parsed.MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxSubscriptionsPerPrincipal: parsed.MAX_SUBSCRIPTIONS_PER_PRINCIPAL,
      maxSocketsPerAddress: parsed.MAX_SOCKETS_PER_ADDRESS,
      connectionInitTimeoutMs: parsed.CONNECTION_INIT_TIMEOUT_MS,
    },
    access: accessSettingsFrom(parsed, parsed.NODE_ENV),
    redisUrl: parsed.REDIS_URL,
    trustProxyHeader: parsed.TRUST_PROXY_HEADER ?? null,
    executor: parsed.GATEWAY_EXECUTOR,
    metrics: parsed.METRICS,
  };
}
