#!/usr/bin/env node
// Waits until a Kafka broker answers kafkajs (the client the application and the tests use): an
// admin connects and lists the topics. Exits 0 when it does, 1 after <timeoutMs>; nothing on stdout.
//   node scripts/kafka/ready.mjs <host:port[,host:port]> [timeoutMs=60000]
import kafkajs from "kafkajs";

const { Kafka, logLevel } = kafkajs;
const brokers = (process.argv[2] ?? "127.0.0.1:9092").split(",");
const deadline = Date.now() + Number(process.argv[3] ?? 60_000);
const kafka = new Kafka({ clientId: "floorgraph-ready", brokers, logLevel: logLevel.NOTHING, connectionTimeout: 1000, retry: { retries: 0 } });
let lastError;
while (Date.now() < deadline) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    await admin.disconnect();
    process.exit(0);
  } catch (error) {
    lastError = error;
    await admin.disconnect().catch(() => {});
    await new Promise((r) => setTimeout(r, 250));
  }
}
console.error(`kafka at ${brokers.join(",")} did not answer: ${lastError?.message ?? "timed out"}`);
process.exit(1);
