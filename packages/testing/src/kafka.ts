import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { testConfig } from "./config.ts";
import { freePort } from "./ports.ts";

/** Runs one KRaft broker in the foreground; the broker's whole configuration lives there. */
const brokerScript = resolve(import.meta.dirname, "../../../scripts/kafka/broker.sh");
/** A topic of the own broker's, produced to at every start to see that it serves partitions again. */
const PROBE_TOPIC = "floorgraph.ready";
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

export interface TestKafka {
  /** host:port list, kafkajs' `brokers`. */
  brokers: string[];
  /** false for the shared broker of FLOORGRAPH_TEST_KAFKA_BROKERS, true for a broker of the test's own. */
  owned: boolean;
  /** Stops an owned broker and deletes its data; a no-op for the shared one. */
  stop(): Promise<void>;
}

export interface OwnKafka {
  brokers: string[];
  /** Server config, log segments and the broker's log (server.log, broker.out). */
  dataDir: string;
  /** Milliseconds the last start took, from spawning the JVM until the broker served. */
  startMs: number;
  readonly running: boolean;
  /** SIGTERM (a clean shutdown) and wait for the JVM to exit: an outage. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data directory (topics and committed offsets survive) and waits until it serves. */
  start(): Promise<void>;
  /** Stops it and deletes its data directory. */
  close(): Promise<void>;
}

const brokerEnv = (home = testConfig.FLOORGRAPH_KAFKA_HOME) => (home ? { ...process.env, FLOORGRAPH_KAFKA_HOME: home } : process.env);

/** Where Kafka's jars are installed (FLOORGRAPH_KAFKA_HOME or scripts/kafka/broker.sh's default), or null when they (or java) are not. */
export function kafkaHome(): string | null {
  const result = spawnSync("bash", [brokerScript, "home"], { env: brokerEnv(), encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}

/**
 * A short prefix, unique per call, for the topics and consumer groups of one test, so tests sharing
 * a broker never see each other's (e.g. `t.orders.1a2b3c4d.` + `order.events`).
 */
export function uniqueTopicPrefix(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 24) || "test";
  return `t.${slug}.${randomBytes(4).toString("hex")}.`;
}

/**
 * A real Kafka for a test: FLOORGRAPH_TEST_KAFKA_BROKERS's broker (CI starts one with
 * scripts/services.sh), else a broker of its own on free loopback ports, or null when Kafka is not
 * installed (`bash scripts/services.sh kafka` installs it). Use uniqueTopicPrefix on a shared broker.
 */
export async function startTestKafka(): Promise<TestKafka | null> {
  if (testConfig.FLOORGRAPH_TEST_KAFKA_BROKERS) {
    return { brokers: testConfig.FLOORGRAPH_TEST_KAFKA_BROKERS.split(","), owned: false, stop: async () => {} };
  }
  const own = await startOwnKafka();
  return own && { brokers: own.brokers, owned: true, stop: () => own.close() };
}

/**
 * Always a broker of the test's own (a temp data dir, free loopback ports; about 3 s to start), or
 * null when Kafka is not installed: for tests that stop and restart it in the middle of a flow.
 */
export async function startOwnKafka(): Promise<OwnKafka | null> {
  const home = kafkaHome();
  if (!home) return null;
  const [port, controllerPort] = await distinctFreePorts();
  removeOrphanedDataDirs();
  const dataDir = mkdtempSync(join(tmpdir(), DATA_DIR_PREFIX));
  writeFileSync(join(dataDir, "owner.pid"), String(process.pid));
  const brokers = [`127.0.0.1:${port}`];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const own: OwnKafka = {
    brokers,
    dataDir,
    startMs: 0,
    get running() {
      return child !== null;
    },
    async start() {
      if (child) return;
      const began = performance.now();
      const out = openSync(join(dataDir, "broker.out"), "a");
      const command = ["bash", brokerScript, String(port), String(controllerPort), dataDir];
      // The broker gets SIGTERM when this process dies, however it dies (a killed test worker runs no exit handler).
      if (hasSetpriv()) command.unshift("setpriv", "--pdeathsig", "TERM", "--");
      const started = spawn(command[0]!, command.slice(1), { stdio: ["ignore", out, out], env: brokerEnv(home) });
      closeSync(out);
      child = started;
      live.add(started);
      let exitCode: string | null = null;
      exited = new Promise((resolve) =>
        started.once("exit", (code, signal) => {
          exitCode = signal ?? String(code);
          live.delete(started);
          if (child === started) child = null;
          resolve();
        }),
      );
      try {
        await waitForKafka(brokers, { probeTopic: PROBE_TOPIC, exited: () => exitCode, logTail: () => brokerLogTail(dataDir) });
      } catch (error) {
        await own.stop();
        throw error;
      }
      own.startMs = Math.round(performance.now() - began);
    },
    async stop() {
      const running = child;
      if (!running) return;
      running.kill("SIGTERM");
      const timer = setTimeout(() => running.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    async close() {
      await own.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await own.start();
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return own;
}

async function distinctFreePorts(): Promise<[number, number]> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  return [port, controllerPort];
}

const DATA_DIR_PREFIX = "floorgraph-kafka-";
let setpriv: boolean | undefined;
const hasSetpriv = () => (setpriv ??= spawnSync("setpriv", ["--version"]).status === 0);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Data directories that a test process which died without closing its broker left behind. */
function removeOrphanedDataDirs() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    try {
      const pid = Number(readFileSync(join(tmpdir(), name, "owner.pid"), "utf8"));
      if (pid > 0 && !alive(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // no owner yet, or another process removed it first
    }
  }
}

/** Brokers still running when the test process exits (a failed test, a crash) go with it. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

function brokerLogTail(dataDir: string, lines = 40): string {
  return ["server.log", "broker.out"]
    .map((name) => join(dataDir, name))
    .filter((file) => existsSync(file))
    .map((file) => `--- ${file}\n${readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")}`)
    .join("\n");
}

/**
 * Until kafkajs' admin connects and lists the topics, and every partition has a leader; with a probe
 * topic (created once), also until a produce to it with acks=all succeeds, which after a restart
 * says the broker serves its existing partitions again.
 */
async function waitForKafka(
  brokers: string[],
  options: { probeTopic?: string; exited?: () => string | null; logTail?: () => string; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? READY_TIMEOUT_MS);
  const kafka = new Kafka({
    clientId: "floorgraph-test-ready",
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const fail = (why: string) => new Error(`Kafka on ${brokers.join(",")} ${why}${options.logTail ? `\n${options.logTail()}` : ""}`);
  let lastError: unknown = null;
  for (;;) {
    const code = options.exited?.();
    if (code !== null && code !== undefined) throw fail(`exited (${code}) before it served`);
    if (Date.now() > deadline) throw fail(`did not serve within ${Math.round((options.timeoutMs ?? READY_TIMEOUT_MS) / 1000)} s (last error: ${(lastError as Error | null)?.message ?? "none"})`);
    const admin = kafka.admin({ retry: { retries: 0 } });
    const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
    try {
      await admin.connect();
      const topics = await admin.listTopics();
      if (options.probeTopic && !topics.includes(options.probeTopic)) {
        await admin.createTopics({ topics: [{ topic: options.probeTopic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      }
      const metadata = await admin.fetchTopicMetadata();
      const leaderless = metadata.topics.flatMap((t) => t.partitions.filter((p) => p.leader < 0).map((p) => `${t.name}/${p.partitionId}`));
      if (leaderless.length) throw new Error(`no leader yet for ${leaderless.slice(0, 5).join(", ")}`);
      if (options.probeTopic) {
        await producer.connect();
        await producer.send({ topic: options.probeTopic, acks: -1, timeout: 5_000, messages: [{ value: "ready" }] });
      }
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
    }
  }
}
