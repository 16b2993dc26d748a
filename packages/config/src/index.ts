import { z } from "zod";

export { z };

/** pino's levels; LOG_LEVEL takes one of them. */
export const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Fields every Floorgraph process understands; services extend this shape. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: logLevel.default("info"),
});

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment record once, failing with every problem listed rather than the first. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  return result.data;
}

/** A boolean env var: "1", "true", "yes" are true; anything else set is false. */
export const envBoolean = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : ["1", "true", "yes", "on"].includes(v.toLowerCase())));

/** A TCP port; 0 asks the OS for a free one (tests). */
export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** The event bus settings every process that publishes or consumes domain events understands. */
export const eventEnvShape = {
  /** Comma-separated host:port list; without it events flow through an in-process bus. */
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((b) => b.trim()).filter(Boolean)),
  KAFKA_CLIENT_ID: z.string().default("floorgraph"),
  /** Prepended to topic and consumer group names, e.g. "staging." */
  KAFKA_TOPIC_PREFIX: z.string().default(""),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  /** Tries of a failing event handler before the event goes to the dlq topic. */
  EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  EVENT_RETRY_INITIAL_MS: z.coerce.number().int().min(1).default(200),
};

export interface EventSettings {
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaTopicPrefix: string;
  kafkaPartitions: number;
  kafkaReplicationFactor: number;
  retry: { maxAttempts: number; initialBackoffMs: number; maxBackoffMs: number };
}

export function eventSettingsFrom(env: {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID: string;
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
  EVENT_MAX_ATTEMPTS: number;
  EVENT_RETRY_INITIAL_MS: number;
}): EventSettings {
  return {
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaClientId: env.KAFKA_CLIENT_ID,
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX,
    kafkaPartitions: env.KAFKA_PARTITIONS,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    retry: { maxAttempts: env.EVENT_MAX_ATTEMPTS, initialBackoffMs: env.EVENT_RETRY_INITIAL_MS, maxBackoffMs: 5_000 },
  };
}
export * from "./subgraph-protection.ts";
