import type { Logger } from "@floorgraph/logger";
import type { EventBus } from "./bus.ts";
import { InProcessBus } from "./in-process-bus.ts";
import { KafkaBus } from "./kafka-bus.ts";

export interface BusSettings {
  /** Empty: the in-process bus (all services in one process). */
  kafkaBrokers: string[];
  kafkaClientId: string;
  kafkaTopicPrefix: string;
  kafkaPartitions: number;
  kafkaReplicationFactor: number;
}

export async function createEventBus(settings: BusSettings, logger: Logger): Promise<EventBus> {
  if (!settings.kafkaBrokers.length) return new InProcessBus();
  return KafkaBus.connect({
    brokers: settings.kafkaBrokers,
    clientId: settings.kafkaClientId,
    topicPrefix: settings.kafkaTopicPrefix,
    partitions: settings.kafkaPartitions,
    replicationFactor: settings.kafkaReplicationFactor,
    logger,
  });
}
