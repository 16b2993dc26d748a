import { Kafka, logLevel, Partitioners, type Consumer, type KafkaConfig, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "./config.ts";
import { kafkaHome, startOwnKafka, startTestKafka, uniqueTopicPrefix, type OwnKafka, type TestKafka } from "./kafka.ts";

// Real brokers, no mocks: FLOORGRAPH_TEST_KAFKA_BROKERS's shared broker or one of the test's own, and
// always one of its own for the restart. Skipped when Kafka is not installed (scripts/services.sh kafka).

const kafkaLogLevel = { silent: logLevel.NOTHING, fatal: logLevel.ERROR, error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO, debug: logLevel.DEBUG, trace: logLevel.DEBUG }[testConfig.LOG_LEVEL];

/**
 * What a kafkajs client needs to ride out a broker restart: retries with backoff that add up to more
 * than the outage, set on the client so the producer, consumers and admin all get them. Measured
 * here: with kafkajs' defaults (5 retries from 300 ms, doubling) a send issued while the broker is
 * down fails with "Connection error: connect ECONNREFUSED" once the broker has been away ~9 s (an
 * 8 s outage plus a 3 s start); with these (8 retries, at most 5 s apart, ~25 s) it rode out a 20 s
 * outage. kafkajs picks its defaults by NODE_ENV: under vitest (NODE_ENV=test) they are 15 retries
 * of at most 1 s, so tests that rely on the defaults pass where production would not. A consumer
 * that crashes on exhausted retries is restarted by kafkajs itself (retriable errors only).
 * The test allows 16 retries (~65 s): on a loaded 2-core CI machine the JVM's restart alone has
 * taken longer than the ~25 s that 8 give.
 */
const clientConfig = (brokers: string[]): KafkaConfig => ({
  clientId: "floorgraph-testing",
  brokers,
  logLevel: kafkaLogLevel,
  connectionTimeout: 3_000,
  retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 16 },
});

const KEYS = ["tote-1", "tote-2", "tote-3", "tote-4", "tote-5"];
/** Messages `<key>:<n>` for n in [from, to), keys interleaved so each partition gets several keys' messages mixed. */
const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => KEYS.map((key) => ({ key, value: `${key}:${from + i}` }))).flat();
const expectedFor = (from: number, to: number) => Object.fromEntries(KEYS.map((key) => [key, Array.from({ length: to - from }, (_, i) => `${key}:${from + i}`)]));

const idempotentProducer = (kafka: Kafka) =>
  kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });

async function send(producer: Producer, topic: string, messages: { key: string; value: string }[], perSend = 10) {
  for (let i = 0; i < messages.length; i += perSend) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + perSend) });
}

/** A consumer group's member that records every message per key, in the order it saw them. */
async function readGroup(kafka: Kafka, groupId: string, topic: string) {
  const byKey: Record<string, string[]> = {};
  const partitionOf = new Map<string, Set<number>>();
  let count = 0;
  // A fetch waits up to maxWaitTimeInMs for data, and disconnect() waits for that fetch (5 s by default).
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 } });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const key = message.key!.toString();
      (byKey[key] ??= []).push(message.value!.toString());
      if (!partitionOf.has(key)) partitionOf.set(key, new Set());
      partitionOf.get(key)!.add(partition);
      count++;
    },
  });
  return {
    consumer,
    byKey,
    partitionOf,
    get count() {
      return count;
    },
    async until(n: number, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      while (count < n) {
        if (Date.now() > deadline) throw new Error(`group ${groupId} read ${count} of ${n} messages in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

async function createTopic(kafka: Kafka, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

const testKafka: TestKafka | null = await startTestKafka();

describe.skipIf(!testKafka)("a Kafka broker for tests", () => {
  const kafka = testKafka && new Kafka(clientConfig(testKafka.brokers));
  const prefix = uniqueTopicPrefix("kafka-test");
  let producer: Producer;
  afterAll(async () => {
    await producer?.disconnect();
    await testKafka?.stop();
  });

  it("carries keyed messages from an idempotent producer to a consumer group, in order per key", async () => {
    const topic = `${prefix}orders`;
    await createTopic(kafka!, topic);
    producer = idempotentProducer(kafka!);
    await producer.connect();
    await send(producer, topic, batch(0, 20));

    const group = await readGroup(kafka!, `${prefix}readers`, topic);
    try {
      await group.until(100);
      expect(group.byKey).toEqual(expectedFor(0, 20));
      for (const key of KEYS) expect(group.partitionOf.get(key)!.size).toBe(1);
      expect(new Set(KEYS.map((key) => [...group.partitionOf.get(key)!][0])).size).toBeGreaterThan(1);
    } finally {
      await group.consumer.disconnect();
    }
  });

  it("gives each caller its own topic prefix", () => {
    const [a, b] = [uniqueTopicPrefix("Orders Test!"), uniqueTopicPrefix("Orders Test!")];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^t\.orders-test\.[0-9a-f]{8}\.$/);
  });
});

describe.skipIf(!kafkaHome())("a Kafka broker of the test's own, stopped and started again", () => {
  let own: OwnKafka;
  let kafka: Kafka;
  const producers: Producer[] = [];
  const consumers: Consumer[] = [];
  beforeAll(async () => {
    own = (await startOwnKafka())!;
    kafka = new Kafka(clientConfig(own.brokers));
    console.info(`own Kafka broker on ${own.brokers.join(",")} served in ${own.startMs} ms`);
  });
  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => {});
    for (const p of producers) await p.disconnect().catch(() => {});
    await own?.close();
  });

  it("keeps topics and committed offsets, and its clients carry on, across the restart", async () => {
    const topic = "restart.events";
    await createTopic(kafka, topic);
    const producer = idempotentProducer(kafka);
    producers.push(producer);
    await producer.connect();

    // Before: 50 messages; group "committed" reads them and leaves (its offsets committed), group
    // "through" stays connected across the outage.
    await send(producer, topic, batch(0, 10));
    const committed = await readGroup(kafka, "committed", topic);
    await committed.until(50);
    await committed.consumer.disconnect();
    const through = await readGroup(kafka, "through", topic);
    consumers.push(through.consumer);
    await through.until(50);

    // The outage: a send issued while the broker is down completes once it is back.
    await own.stop();
    expect(own.running).toBe(false);
    const duringOutage = send(producer, topic, batch(10, 20), 50);
    await new Promise((r) => setTimeout(r, 1_000));
    await own.start();
    console.info(`own Kafka broker restarted, served in ${own.startMs} ms`);
    await duringOutage;
    await send(producer, topic, batch(20, 30));

    // After: the group that stayed reads on; the committed group resumes after its offsets; a new
    // group reads the whole topic, which holds every message once (the idempotent producer's
    // retried send wrote no duplicates).
    await through.until(150);
    const resumed = await readGroup(kafka, "committed", topic);
    consumers.push(resumed.consumer);
    await resumed.until(100);
    const fresh = await readGroup(kafka, "fresh", topic);
    consumers.push(fresh.consumer);
    await fresh.until(150);
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
    expect(fresh.byKey).toEqual(expectedFor(0, 30));
    expect(resumed.byKey).toEqual(expectedFor(10, 30));
    // At least once for the group that stayed: a batch it read but had not committed may come again.
    const firstSeen = Object.fromEntries(Object.entries(through.byKey).map(([key, values]) => [key, [...new Set(values)]]));
    expect(firstSeen).toEqual(expectedFor(0, 30));
  });
});
