// The two systems bench:api loads, each started as child processes of the bench (so the load
// generator never shares an event loop with the servers) and stopped by it:
// - embedded: `npm start`'s entry (apps/stack/src/main.ts), one process, PGlite under its own
//   DATA_DIR, the in-process event bus;
// - production: one process per service, as docker-compose.yml runs them: each subgraph's and the
//   gateway's own main.ts, a database per service on PostgreSQL, the events on Kafka, the floor
//   simulator as its own process.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { dropPostgresDatabase, ensurePostgresDatabase } from "@floorgraph/db";
import { freePort, uniqueTopicPrefix } from "@floorgraph/testing";

export const root = resolve(import.meta.dirname, "../../..");
const READY_TIMEOUT_MS = 240_000;

export interface Proc {
  name: string;
  child: ChildProcess;
  /** The last lines of its stderr, for a start that fails. */
  tail: string[];
}

export interface Topology {
  name: string;
  gatewayUrl: string;
  processes: Proc[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Processes (by name) to run with --cpu-prof, profiles written into this directory at stop. */
  profile?: { dir: string; names: string[] };
  /** Extra environment for every process (e.g. GATEWAY_EXECUTOR). */
  env?: Record<string, string>;
  /** The checkout whose code the processes run (default: this one), e.g. a baseline's copy. */
  root?: string;
  /** Shown in the figures (default: the topology's kind). */
  label?: string;
  /** PostgreSQL logs every statement of the services (log_statement=all on their connections), to count round trips. */
  sqlLog?: boolean;
}

// A process that inherits the bench's environment would also inherit a developer's DATABASE_URL,
// KAFKA_BROKERS or PORT: each process gets exactly what the topology gives it.
const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[key]) env[key] = process.env[key] as string;
  return { ...env, NODE_ENV: "development", LOG_LEVEL: "error", RATE_LIMITS: "off", HOST: "127.0.0.1" };
};

function launch(name: string, script: string, args: string[], env: Record<string, string>, options: StartOptions): Proc {
  const profiled = options.profile?.names.includes(name);
  const nodeArgs = ["--import", "tsx", ...(profiled ? ["--cpu-prof", `--cpu-prof-dir=${join(options.profile!.dir, options.label ?? "", name)}`] : [])];
  const dir = options.root ?? root;
  const child = spawn(process.execPath, [...nodeArgs, join(dir, script), ...args], { cwd: dir, env: { ...env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  const proc: Proc = { name, child, tail: [] };
  const keep = (chunk: Buffer) => {
    proc.tail.push(...chunk.toString().split("\n").filter(Boolean));
    proc.tail.splice(0, Math.max(0, proc.tail.length - 20));
  };
  child.stderr!.on("data", keep);
  child.stdout!.on("data", keep);
  return proc;
}

async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((done) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return done();
          const kill = setTimeout(() => p.child.kill("SIGKILL"), 20_000);
          p.child.once("exit", () => (clearTimeout(kill), done()));
          p.child.kill("SIGTERM");
        }),
    ),
  );
}

const listening = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, "127.0.0.1", () => (socket.destroy(), done(true)));
    socket.on("error", () => done(false));
  });

/** Until `url` answers 200 (or, for a number, the port accepts connections). */
async function healthy(url: string | number, procs: Proc[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const dead = procs.find((p) => p.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}) while starting:\n${dead.tail.join("\n")}`);
    const ok = typeof url === "number" ? await listening(url) : await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not healthy after ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `npm start` in a child process on free ports, with a data directory of its own (seeded at start). */
export async function startEmbedded(options: StartOptions = {}): Promise<Topology> {
  const dataDir = mkdtempSync(join(tmpdir(), "bench-api-"));
  const gatewayPort = await freePort();
  const env = { ...baseEnv(), DATA_DIR: dataDir, GATEWAY_PORT: String(gatewayPort), SUBGRAPH_BASE_PORT: "0", SIMULATOR_PORT: "0", DASHBOARD: "false", SIMULATOR_PKI_DIR: join(dataDir, "pki") };
  const proc = launch("stack", "apps/stack/src/main.ts", [], env, options);
  const stop = async () => {
    await stopAll([proc]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await healthy(`http://127.0.0.1:${gatewayPort}/health`, [proc]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: options.label ?? "embedded", gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`, processes: [proc], stop };
}

const SUBGRAPHS: Record<string, string> = {
  users: "subgraphs/users/src/main.ts",
  orders: "subgraphs/orders/src/main.ts",
  inventory: "subgraphs/inventory/src/main.ts",
  warehouse: "subgraphs/warehouse/src/main.ts",
  shipment: "subgraphs/shipment/src/main.ts",
  wcs: "wcs-bridge/src/subgraph/main.ts",
};

/** One process per service on PostgreSQL (fresh databases, dropped at stop) and Kafka (a unique topic prefix). */
export async function startProduction(databaseUrl: string, kafkaBrokers: string, options: StartOptions = {}): Promise<Topology> {
  const tag = randomBytes(4).toString("hex");
  const pki = mkdtempSync(join(tmpdir(), "bench-api-pki-"));
  const names = Object.keys(SUBGRAPHS);
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const)));
  const [gatewayPort, simulatorPort] = [await freePort(), await freePort()];
  const databases = Object.fromEntries(
    names.map((n) => {
      const url = new URL(databaseUrl);
      url.pathname = `/bench_${tag}_${n}`;
      if (options.sqlLog) url.searchParams.set("options", "-c log_statement=all");
      return [n, url.toString()];
    }),
  );
  const shared = {
    ...baseEnv(),
    JWT_SECRET: `bench-api-${randomBytes(24).toString("hex")}`,
    SUBGRAPH_SIGNING_SECRETS: `bench-api-signing-${randomBytes(24).toString("hex")}`,
    ...Object.fromEntries(names.map((n) => [`SUBGRAPH_${n.toUpperCase()}_URL`, `http://127.0.0.1:${ports[n]}/graphql`])),
  };
  const procs: Proc[] = [];
  const stop = async () => {
    await stopAll(procs);
    await Promise.all(Object.values(databases).map((url) => dropPostgresDatabase(url).catch(() => undefined)));
    rmSync(pki, { recursive: true, force: true });
  };
  try {
    await Promise.all(Object.values(databases).map((url) => ensurePostgresDatabase(url)));
    procs.push(launch("simulator", "wcs-bridge/src/simulator/main.ts", [], { ...baseEnv(), SIMULATOR_PORT: String(simulatorPort), SIMULATOR_PKI_DIR: join(pki, "simulator") }, options));
    await healthy(simulatorPort, procs);
    const serviceEnv = { ...shared, KAFKA_BROKERS: kafkaBrokers, KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(`bench-api-${tag}`) };
    for (const n of names) {
      const own = { PORT: String(ports[n]), DATABASE_URL: databases[n]! };
      const wcs: Record<string, string> = n === "wcs" ? { WCS_FLOOR_ENDPOINT: `opc.tcp://127.0.0.1:${simulatorPort}`, WCS_FLOOR_SECURITY_MODE: "None", WCS_FLOOR_ALLOW_INSECURE: "true", WCS_FLOOR_PKI_DIR: join(pki, "wcs") } : {};
      procs.push(launch(n, SUBGRAPHS[n]!, [], { ...serviceEnv, ...own, ...wcs }, options));
    }
    await Promise.all(names.map((n) => healthy(`http://127.0.0.1:${ports[n]}/health`, procs)));
    procs.push(launch("gateway", "gateway/src/main.ts", ["--supergraph", "schema/supergraph.graphql", "--port", String(gatewayPort)], shared, options));
    await healthy(`http://127.0.0.1:${gatewayPort}/health`, procs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: options.label ?? "production", gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`, processes: procs, stop };
}
