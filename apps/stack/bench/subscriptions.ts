// `npm run bench:subscriptions [subscribers] [rounds]`: subscribers through the gateway, half to
// conveyorChanged (with the zone enrichment from the warehouse subgraph) and half to robotChanged.
// The subgraphs and the floor simulator run in this process, the gateway in a child process of its
// own (so its CPU and memory can be read from /proc); the subscribers are graphql-ws clients on a
// worker thread, timestamps on the shared wall clock (timeOrigin + now).
// Each round changes a conveyor and a robot in the simulator and times, on this process's clock,
// from the simulator's change to its receipt at every subscriber.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createLogger } from "@floorgraph/logger";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { Worker } from "node:worker_threads";
import { tokenFor, TEST_JWT } from "@floorgraph/testing";
import { FloorClient } from "@floorgraph/wcs-bridge";
import { quantile, startBenchStack } from "./support.ts";

const SUBSCRIBERS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 20);
const CONVEYOR = "CV-OUT-02";
const ROBOT = "AMR-04";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const stack = await startBenchStack({ simulatorPort: 0, seed: 5, dynamics: { jamProbability: 0, errorProbability: 0 } });
// Changes are made through the PLC's own OPC UA methods, which publish the new values at once: the
// clock starts when the method returns (the value has changed in the PLC).
const plc = await FloorClient.connect(stack.floorEndpoint, { securityMode: "None", allowInsecure: true, logger: createLogger("bench-opcua", "error") });

const port = await freePort();
const gatewayMain = fileURLToPath(new URL("../../../gateway/src/main.ts", import.meta.url));
// One process plays every subscriber, from one address and with one user's token: the gateway's
// per-address and per-principal limits are raised to let it.
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  JWT_SECRET: TEST_JWT.secret,
  LOG_LEVEL: "warn",
  MAX_SOCKETS_PER_ADDRESS: String(SUBSCRIBERS + 10),
  MAX_SUBSCRIPTIONS_PER_PRINCIPAL: String(SUBSCRIBERS + 10),
};
for (const [name, sub] of Object.entries(stack.subgraphs)) env[`SUBGRAPH_${name.toUpperCase()}_URL`] = sub.url;
const gateway = spawn(process.execPath, ["--import", "tsx", gatewayMain, "--supergraph", SUPERGRAPH_PATH, "--port", String(port)], { env, stdio: ["ignore", "ignore", "inherit"] });
const url = `http://127.0.0.1:${port}/graphql`;
for (let i = 0; i < 200; i++) {
  if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) break;
  await new Promise((r) => setTimeout(r, 100));
}

const procStat = () => {
  const fields = readFileSync(`/proc/${gateway.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${gateway.pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs: (ticks / 100) * 1000, rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
};

// Subscribers: one socket each, on a worker thread (see subscribers-worker.ts).
const token = await tokenFor("OPERATOR");
const waiting = new Map<string, { at: number; pending: number; seen: Set<number>; latencies: number[]; done: () => void }>();
let delivered = 0;
const now = () => performance.timeOrigin + performance.now();
const CONVEYOR_SUB = `subscription { conveyorChanged(id: "${CONVEYOR}") { id state speed zone { name } } }`;
const ROBOT_SUB = `subscription { robotChanged(id: "${ROBOT}") { id state battery position { x y } } }`;
const perKind = { conveyor: Math.ceil(SUBSCRIBERS / 2), robot: Math.floor(SUBSCRIBERS / 2) };
// Node 20 workers do not inherit tsx's loader: the worker registers it, then loads the TypeScript.
const workerFile = new URL("./subscribers-worker.ts", import.meta.url).href;
const worker = new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(workerFile)}); });`, {
  eval: true,
  workerData: { url, token, subscribers: SUBSCRIBERS, conveyorQuery: CONVEYOR_SUB, robotQuery: ROBOT_SUB },
});
worker.on("error", (error) => {
  process.stderr.write(`subscriber worker failed: ${String(error)}\n`);
  process.exit(1);
});
await new Promise<void>((ready) =>
  worker.on("message", (m: { ready?: boolean; receipts?: { key: string; subscriber: number; at: number }[] }) => {
    if (m.ready) return ready();
    for (const r of m.receipts ?? []) {
      // The first matching event per subscriber counts (robots report more while they drive).
      delivered++;
      const w = waiting.get(r.key);
      if (!w || w.seen.has(r.subscriber)) continue;
      w.seen.add(r.subscriber);
      w.latencies.push(r.at - w.at);
      if (--w.pending === 0) w.done();
    }
  }),
);
await new Promise((r) => setTimeout(r, 2000));

async function change(key: string, subscribers: number, act: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000);
    const entry = { at: now(), pending: subscribers, seen: new Set<number>(), latencies, done: () => (clearTimeout(timer), resolve()) };
    waiting.set(key, entry);
    void act().then(() => (entry.at = now()));
  });
  waiting.delete(key);
  return latencies;
}

// Robots drive and report every tick; park the measured one so that only commanded changes count.
await plc.commands.pauseRobot(ROBOT);
await new Promise((r) => setTimeout(r, 1000));
const conveyorLatencies: number[] = [];
const robotLatencies: number[] = [];
let missed = 0;
const cpuBefore = procStat();
const started = performance.now();
const deliveredBefore = delivered;
for (let round = 0; round < ROUNDS; round++) {
  const stop = round % 2 === 0;
  const c = await change(`conveyor:${stop ? "STOPPED" : "RUNNING"}`, perKind.conveyor, () => (stop ? plc.commands.stopConveyor(CONVEYOR) : plc.commands.startConveyor(CONVEYOR)));
  const r = await change(`robot:${stop ? "ACTIVE" : "PAUSED"}`, perKind.robot, () => (stop ? plc.commands.resumeRobot(ROBOT) : plc.commands.pauseRobot(ROBOT)));
  missed += perKind.conveyor - c.length + (perKind.robot - r.length);
  conveyorLatencies.push(...c);
  robotLatencies.push(...r);
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const elapsed = performance.now() - started;
const cpuAfter = procStat();
const eventsPerSecond = ((delivered - deliveredBefore) / elapsed) * 1000;

worker.postMessage({ stop: true });
await new Promise<void>((done) => worker.on("message", (m: { stopped?: boolean }) => m.stopped && done()));
await worker.terminate();
await plc.close();
gateway.kill("SIGTERM");
await stack.stop();

const row = (name: string, v: number[]) => `  ${name.padEnd(44)} p50 ${quantile(v, 0.5).toFixed(1).padStart(6)} ms   p99 ${quantile(v, 0.99).toFixed(1).padStart(6)} ms   (n=${v.length})`;
const all = [...conveyorLatencies, ...robotLatencies];
process.stdout.write(
  [
    `${SUBSCRIBERS} subscribers (${perKind.conveyor} conveyorChanged + zone, ${perKind.robot} robotChanged), ${ROUNDS} rounds, gateway in its own process`,
    row("simulator change -> client, conveyorChanged", conveyorLatencies),
    row("simulator change -> client, robotChanged", robotLatencies),
    row("all", all),
    `  missed deliveries: ${missed}`,
    `  events delivered: ${eventsPerSecond.toFixed(0)}/s over ${(elapsed / 1000).toFixed(1)} s (paced by the rounds, not a throughput limit)`,
    `  gateway: CPU ${(((cpuAfter.cpuMs - cpuBefore.cpuMs) / elapsed) * 100).toFixed(1)}% of one core during the rounds, RSS ${cpuAfter.rssMb.toFixed(0)} MB (peak ${cpuAfter.peakMb.toFixed(0)} MB)`,
    "target: p99 < 100 ms at 1,000 subscribers",
    "",
  ].join("\n"),
);
process.exit(0);
