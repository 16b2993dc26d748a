import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  baseEnvSchema,
  ConfigError,
  DEFAULT_OPERATION_LIMITS,
  envPort,
  operationLimitsEnvShape,
  operationLimitsFrom,
  parseEnv,
  signingEnvShape,
  signingSettingsFrom,
  z,
} from "@floorgraph/config";
import type { OperationBudget } from "./budget/operation-budget.ts";
import { accessEnvShape, accessSettingsFrom } from "./access/config.ts";
import type { AccessSettings } from "./access/index.ts";
import { DEFAULT_COST_BUDGETS, type CostBudgets } from "./budget/cost.ts";
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

export const envSchema = baseEnvSchema.extend({
  SUPERGRAPH_PATH: z.string().optional(),
  PORT: envPort(4000),
  HOST: z.string().default("127.0.0.1"),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  FORWARD_HEADERS: z.string().default("authorization,x-request-id,accept-language"),
  CORS_ORIGINS: z.string().default("*"),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
  ...operationLimitsEnvShape,
  COST_BUDGET_ANONYMOUS: z.coerce.number().int().positive().default(DEFAULT_COST_BUDGETS.anonymous),
  COST_BUDGET_USER: z.coerce.number().int().positive().default(DEFAULT_COST_BUDGETS.user),
  COST_BUDGET_API_KEY: z.coerce.number().int().positive().default(DEFAULT_COST_BUDGETS.apiKey),
  SUBSCRIPTION_STATE_FIELDS: z.string().default(DEFAULT_SUBSCRIPTIONS.stateFields.join(",")),
  SUBSCRIPTION_CLIENT_BUFFER: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIPTIONS.clientBuffer),
  // REDIS_URL (revocations, rate limits, persisted queries): one setting, in accessEnvShape.
  TRUST_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "must be a header name, e.g. x-forwarded-for")
    .transform((h) => h.toLowerCase())
    .optional(),
  OPERATION_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_BUDGET.timeoutMs),
  MAX_RESPONSE_BYTES: z.coerce.number().int().positive().default(DEFAULT_BUDGET.maxResponseBytes),
  /** Defaults to MAX_BODY_BYTES: a socket message is a request like an HTTP body. */
  MAX_SOCKET_MESSAGE_BYTES: z.coerce.number().int().positive().optional(),
  MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().positive().default(DEFAULT_SOCKET_LIMITS.maxSubscriptionsPerSocket),
  MAX_SUBSCRIPTIONS_PER_PRINCIPAL: z.coerce.number().int().positive().default(DEFAULT_SOCKET_LIMITS.maxSubscriptionsPerPrincipal),
  MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().positive().default(DEFAULT_SOCKET_LIMITS.maxSocketsPerAddress),
  CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_SOCKET_LIMITS.connectionInitTimeoutMs),
  ...accessEnvShape,
  ...signingEnvShape,
});

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

export function loadGatewayConfig(argv = process.argv.slice(2), env: Record<string, string | undefined> = process.env): GatewayConfig {
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
    supergraphPath: resolve(parsed.SUPERGRAPH_PATH),
    port: parsed.PORT,
    host: parsed.HOST,
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
    logLevel: parsed.LOG_LEVEL,
    redisUrl: parsed.REDIS_URL,
    trustProxyHeader: parsed.TRUST_PROXY_HEADER ?? null,
  };
}
