import { z } from "@floorgraph/config";
import type { RetryPolicy } from "./runtime.ts";
import type { BusSettings } from "./factory.ts";

/** The event bus's variables: every process that publishes or consumes domain events composes them. */
export const eventEnvShape = {
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((b) => b.trim()).filter(Boolean))
    .describe("`host:port,…` of the Kafka cluster the domain events go through; unset: the in-process bus (one process)"),
  KAFKA_CLIENT_ID: z.string().default("floorgraph").describe("Kafka client id"),
  KAFKA_TOPIC_PREFIX: z.string().default("").describe("prefix of topic and consumer-group names (several systems on one cluster, e.g. `staging.`)"),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(3).describe("partitions of the topics created at start when missing"),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1).describe("replication factor of the topics created at start"),
  EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5).describe("tries of a failing event handler before the event goes to the dead-letter topic"),
  EVENT_RETRY_INITIAL_MS: z.coerce.number().int().min(1).default(200).describe("first back-off between tries (doubling, at most 5 s)"),
};

export interface EventSettings extends BusSettings {
  retry: RetryPolicy;
}

const eventEnv = z.object(eventEnvShape);

export function eventSettingsFrom(env: z.output<typeof eventEnv>): EventSettings {
  return {
    kafkaBrokers: env.KAFKA_BROKERS,
    kafkaClientId: env.KAFKA_CLIENT_ID,
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX,
    kafkaPartitions: env.KAFKA_PARTITIONS,
    kafkaReplicationFactor: env.KAFKA_REPLICATION_FACTOR,
    retry: { maxAttempts: env.EVENT_MAX_ATTEMPTS, initialBackoffMs: env.EVENT_RETRY_INITIAL_MS, maxBackoffMs: 5_000 },
  };
}
