import { Kafka, logLevel, type Consumer, type KafkaConfig, type LogEntry, type Producer } from "kafkajs";
import type { Logger } from "@floorgraph/logger";
import { TOPICS } from "./envelope.ts";
import type { BusSubscription, EventBus, SubscribeOptions, TopicMessages } from "./bus.ts";

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and group name (tests on a shared broker; several systems on one cluster). */
  topicPrefix?: string;
  partitions?: number;
  replicationFactor?: number;
  logger: Logger;
}

const RESTART_PAUSE_MS = 2_000;

/** kafkajs' log lines through our logger, one level quieter: its errors during an outage are retried. */
function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn({ kafka: rest }, message);
      else logger.debug({ kafka: rest }, message);
    };
}

/**
 * Kafka through kafkajs: an idempotent producer (acks from all in-sync replicas, one request in
 * flight, so a retried send neither duplicates nor reorders), and one consumer per group that
 * commits an offset only after the handler resolved. The topics are created on connect.
 */
export class KafkaBus implements EventBus {
  readonly kind = "kafka";
  private readonly kafka: Kafka;
  private readonly prefix: string;
  private producer: Producer | null = null;
  private readonly consumers = new Set<Consumer>();

  private constructor(private readonly options: KafkaBusOptions) {
    this.prefix = options.topicPrefix ?? "";
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: logCreator(options.logger.child({ component: "kafka" })),
      connectionTimeout: 3_000,
      // Retries with backoff up to about 30 s per operation; the relay and consumers retry beyond that.
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
    };
    this.kafka = new Kafka(config);
  }

  static async connect(options: KafkaBusOptions): Promise<KafkaBus> {
    const bus = new KafkaBus(options);
    await bus.ensureTopics();
    bus.producer = bus.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await bus.producer.connect();
    return bus;
  }

  private async ensureTopics() {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = TOPICS.map((t) => this.prefix + t).filter((t) => !existing.has(t));
      if (missing.length) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: this.options.partitions ?? 3,
            replicationFactor: this.options.replicationFactor ?? 1,
          })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async publish(batches: readonly TopicMessages[]): Promise<void> {
    if (!this.producer) throw new Error("the Kafka bus is closed");
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: batches.map(({ topic, messages }) => ({
        topic: this.prefix + topic,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    let stopped = false;
    let consumer: Consumer | null = null;
    const log = this.options.logger.child({ component: "kafka", group: options.group });
    const start = async (): Promise<void> => {
      consumer = this.kafka.consumer({
        groupId: this.prefix + options.group,
        retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
        // The broker answers a fetch as soon as there is data; this only bounds an idle fetch, which
        // a disconnect waits for (5 s by default, per consumer, at every shutdown).
        maxWaitTimeInMs: 1_000,
      });
      this.consumers.add(consumer);
      const current = consumer;
      // kafkajs restarts a crashed consumer only for errors it deems retriable; a group that stops
      // reading is an outage nobody sees, so any other crash starts a fresh consumer after a pause.
      current.on(current.events.CRASH, ({ payload }) => {
        if (payload.restart || stopped) return;
        log.warn({ err: payload.error }, "Kafka consumer crashed; starting a new one");
        this.consumers.delete(current);
        void current.disconnect().catch(() => undefined);
        setTimeout(() => void (stopped ? undefined : start().catch((err) => log.error({ err }, "Kafka consumer did not restart"))), RESTART_PAUSE_MS);
      });
      await current.connect();
      for (const topic of options.topics) await current.subscribe({ topic: this.prefix + topic, fromBeginning: true });
      await current.run({
        // One partition's messages stay in order; the partitions of a group's topics go side by side.
        partitionsConsumedConcurrently: this.options.partitions ?? 3,
        eachMessage: async ({ topic, partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = String(value);
          await options.handle({
            topic: topic.slice(this.prefix.length),
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? "",
            value: message.value?.toString() ?? "",
            headers,
          });
        },
      });
    };
    await start();
    return {
      stop: async () => {
        stopped = true;
        if (consumer) {
          this.consumers.delete(consumer);
          await (consumer as Consumer).disconnect();
        }
      },
    };
  }

  async lag(group: string, topics: readonly string[]): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: this.prefix + group, topics: topics.map((t) => this.prefix + t) });
      let lag = 0;
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const end of ends) {
          const done = partitions.find((p) => p.partition === end.partition)?.offset ?? "-1";
          // -1: nothing committed yet, so everything from the low watermark is still to read.
          const from = Number(done) >= 0 ? Number(done) : Number(end.low);
          lag += Math.max(0, Number(end.high) - from);
        }
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    for (const consumer of this.consumers) await consumer.disconnect().catch(() => undefined);
    this.consumers.clear();
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect();
  }
}
