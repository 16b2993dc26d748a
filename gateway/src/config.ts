import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  baseEnvSchema,
  DEFAULT_OPERATION_LIMITS,
  envPort,
  operationLimitsEnvShape,
  operationLimitsFrom,
  parseEnv,
  requireSigningSecretsInProduction,
  signingEnvShape,
  signingSettingsFrom,
  z,
} from "@floorgraph/config";
import type { OperationLimits } from "./plugins/limits.ts";

/**
 * The gateway serves any composed Federation 2 supergraph. Everything Floorgraph-specific is
 * optional: with JWT_SECRET set, bearer tokens are verified at the edge as well as in subgraphs.
 */
/** Operation limits applied to every request; generous enough for any real dashboard query. */
export const DEFAULT_LIMITS: OperationLimits = { ...DEFAULT_OPERATION_LIMITS, maxCost: 20_000 };

/** Subscriptions: which root fields stream states (coalesced for a slow client), and the others' buffer. */
export const DEFAULT_SUBSCRIPTIONS: SubscriptionSettings = {
  stateFields: ["conveyorChanged", "sorterChanged", "robotChanged", "floorStatus"],
  clientBuffer: 256,
};

export interface SubscriptionSettings {
  /** Root fields whose events are states: a slow client gets only the latest per entity id. */
  stateFields: string[];
  /** Events any other subscription may fall behind before it is closed with an error. */
  clientBuffer: number;
}

const envSchema = baseEnvSchema
  .extend({
    SUPERGRAPH_PATH: z.string().optional(),
    PORT: envPort(4000),
    HOST: z.string().default("127.0.0.1"),
    JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
    FORWARD_HEADERS: z.string().default("authorization,x-request-id,accept-language"),
    CORS_ORIGINS: z.string().default("*"),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_000_000),
    ...operationLimitsEnvShape,
    MAX_COST: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxCost),
    SUBSCRIPTION_STATE_FIELDS: z.string().default(DEFAULT_SUBSCRIPTIONS.stateFields.join(",")),
    SUBSCRIPTION_CLIENT_BUFFER: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SUBSCRIPTIONS.clientBuffer),
    ...signingEnvShape,
  })
  .superRefine(requireSigningSecretsInProduction);

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
  /** Signs every request and socket to a subgraph (the first of SUBGRAPH_SIGNING_SECRETS). */
  subgraphSigningSecret: string;
  /** No SUBGRAPH_SIGNING_SECRETS: the development secret (never in production). */
  usingDevSigningSecret: boolean;
  subscriptions: SubscriptionSettings;
  logLevel: z.infer<typeof baseEnvSchema>["LOG_LEVEL"];
}

const USAGE = "usage: gateway --supergraph <file> [--port 4000] [--host 127.0.0.1]";

export function loadGatewayConfig(argv = process.argv.slice(2), env: Record<string, string | undefined> = process.env): GatewayConfig {
  const { values } = parseArgs({
    args: argv,
    options: { supergraph: { type: "string" }, port: { type: "string" }, host: { type: "string" } },
    strict: true,
  });
  const parsed = parseEnv(envSchema, {
    ...env,
    ...(values.supergraph ? { SUPERGRAPH_PATH: values.supergraph } : {}),
    ...(values.port ? { PORT: values.port } : {}),
    ...(values.host ? { HOST: values.host } : {}),
  });
  if (!parsed.SUPERGRAPH_PATH) throw new Error(`No supergraph given. ${USAGE}`);
  const signing = signingSettingsFrom(parsed);
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    const match = /^SUBGRAPH_(.+)_URL$/.exec(key);
    if (match && value) subgraphUrls[(match[1] as string).toLowerCase()] = z.string().url().parse(value);
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
    limits: { ...operationLimitsFrom(parsed), maxCost: parsed.MAX_COST },
    subgraphSigningSecret: signing.secrets[0] as string,
    usingDevSigningSecret: signing.usingDevSecret,
    subscriptions: {
      stateFields: parsed.SUBSCRIPTION_STATE_FIELDS.split(",").map((f) => f.trim()).filter(Boolean),
      clientBuffer: parsed.SUBSCRIPTION_CLIENT_BUFFER,
    },
    logLevel: parsed.LOG_LEVEL,
  };
}
