// `npm run bench:api [-- options]`: the domain API under load (issue 18). Starts the embedded stack
// (`npm start` in a child process) and the production topology (one process per service on
// PostgreSQL + Kafka: FLOORGRAPH_TEST_DATABASE_URL and FLOORGRAPH_TEST_KAFKA_BROKERS, as printed by
// scripts/services.sh) and loads each through the gateway with keep-alive clients:
// - mix: the dashboard's floor snapshot, orders list, order detail, SKU detail and KPI counts, the
//   partners' Orders (first: 20), Sku and placeOrder (weights in api-operations.ts);
// - Orders: the partners' Orders alone (the issue's target);
// - baseline: orders(first: 20) with the orders subgraph's own fields only, the reference the
//   other figures are divided by (the machine is shared: absolute figures move with its load).
// Per topology, rounds interleave the client counts and scenarios; figures are medians over rounds.
// Options: --quick (1 round of 5 s at 10 and 50 clients), --duration <s>, --rounds <n>,
// --clients 10,50,200, --topology embedded,production, --scenarios mix,Orders,baseline,
// --profile <dir> (CPU profiles of the stack or the orders, inventory, shipment and gateway processes),
// --compare <dir> (also start each topology from another checkout, e.g. a copy of main with its
// node_modules, and interleave its runs with this one's: before/after ratios from the same rounds),
// --sql-log (production: PostgreSQL logs the services' statements, to count round trips per operation).
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { testConfig } from "@floorgraph/testing";
import { median, processSample, quantileSorted, runLoad, type LoadResult } from "./api-load.ts";
import { operations, PARTNER_ORDERS, prepare, type Operation } from "./api-operations.ts";
import { startEmbedded, startProduction, type StartOptions, type Topology } from "./api-topologies.ts";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    duration: { type: "string" },
    rounds: { type: "string" },
    clients: { type: "string" },
    topology: { type: "string", default: "embedded,production" },
    scenarios: { type: "string", default: "mix,Orders,baseline" },
    profile: { type: "string" },
    warmup: { type: "string" },
    compare: { type: "string" },
    "sql-log": { type: "boolean", default: false },
  },
});
const list = (s: string) => s.split(",").map((v) => v.trim()).filter(Boolean);
const duration = Number(args.duration ?? (args.quick ? 5 : 15));
const rounds = Number(args.rounds ?? (args.quick ? 1 : 3));
const warmup = Number(args.warmup ?? (args.quick ? 3 : 10));
const clientCounts = list(args.clients ?? (args.quick ? "10,50" : "10,50,200")).map(Number);
const scenarios = list(args.scenarios);
const progress = (line: string) => process.stderr.write(`bench:api ${new Date().toISOString().slice(11, 19)} ${line}\n`);

function scenarioOps(name: string, mix: Operation[]): Operation[] {
  if (name === "mix") return mix;
  if (name === "Orders") return [{ name: "Orders", weight: 1, as: "partner", body: () => JSON.stringify({ query: PARTNER_ORDERS }) }];
  if (name === "baseline") return [{ name: "ordersLocal", weight: 1, as: "partner", body: () => JSON.stringify({ query: "query OrdersLocal { orders(first: 20) { id number status createdAt } }" }) }];
  throw new Error(`unknown scenario ${name} (mix, Orders, baseline)`);
}

interface Run {
  scenario: string;
  clients: number;
  load: LoadResult;
  /** Per process: CPU % of one core over the run, RSS at its end. */
  procs: { name: string; cpu: number; rssMb: number }[];
}

interface Loaded {
  topology: Topology;
  mix: Operation[];
  tokens: () => Promise<Record<Operation["as"], string>>;
  runs: Run[];
}

async function load(topology: Topology): Promise<Loaded> {
  const { tokens, fixtures } = await prepare(topology.gatewayUrl);
  const mix = operations(fixtures);
  progress(`${topology.name}: warming up ${warmup} s (mix, 10 clients)`);
  await runLoad(topology.gatewayUrl, mix, await tokens(), 10, warmup);
  return { topology, mix, tokens, runs: [] };
}

async function runOnce(l: Loaded, scenario: string, clients: number, round: number): Promise<void> {
  const { topology } = l;
  const fresh = await l.tokens();
  const before = topology.processes.map((p) => processSample(p.child.pid!));
  const result = await runLoad(topology.gatewayUrl, scenarioOps(scenario, l.mix), fresh, clients, duration);
  const procs = topology.processes.map((p, i) => {
    const after = processSample(p.child.pid!);
    return { name: p.name, cpu: after && before[i] ? (100 * (after.cpuSeconds - before[i]!.cpuSeconds)) / result.seconds : Number.NaN, rssMb: (after?.rssBytes ?? Number.NaN) / 2 ** 20 };
  });
  l.runs.push({ scenario, clients, load: result, procs });
  const all = [...result.perOp.values()];
  const count = all.reduce((s, f) => s + f.latencies.length, 0);
  const errors = all.reduce((s, f) => s + f.errors, 0);
  const p99 = quantileSorted(all.flatMap((f) => f.latencies).sort((a, b) => a - b), 0.99);
  progress(`${topology.name} round ${round}/${rounds} ${scenario} @${clients}: ${(count / result.seconds).toFixed(0)} req/s, p99 ${p99.toFixed(0)} ms${errors ? `, ${errors} errors (${all.find((f) => f.firstError)?.firstError})` : ""}`);
}

/** Rounds interleave client counts, scenarios and (with --compare) the two checkouts' systems. */
async function bench(group: Loaded[]): Promise<void> {
  for (let round = 1; round <= rounds; round++)
    for (const clients of clientCounts) for (const scenario of scenarios) for (const l of round % 2 ? group : [...group].reverse()) await runOnce(l, scenario, clients, round);
}

const requestRate = (runs: Run[], scenario: string, clients: number) =>
  median(runs.filter((r) => r.scenario === scenario && r.clients === clients).map((r) => [...r.load.perOp.values()].reduce((n, f) => n + f.latencies.length, 0) / r.load.seconds));
const p95 = (runs: Run[], scenario: string, clients: number) =>
  median(runs.filter((r) => r.scenario === scenario && r.clients === clients).map((r) => quantileSorted([...r.load.perOp.values()].flatMap((f) => f.latencies).sort((a, b) => a - b), 0.95)));

/** CPU milliseconds all the system's processes spent per request: the figure least moved by the machine's other load. */
const cpuPerRequest = (r: Run) => (r.procs.reduce((s, p) => s + p.cpu, 0) * 10 * r.load.seconds) / [...r.load.perOp.values()].reduce((n, f) => n + f.latencies.length, 0);
const cpuMs = (runs: Run[], scenario: string, clients: number) => median(runs.filter((r) => r.scenario === scenario && r.clients === clients).map(cpuPerRequest));

/** This checkout's figures against the --compare checkout's, measured in the same rounds. */
function comparison(current: Loaded, base: Loaded): string {
  const out = [`\n== ${current.topology.name} / ${base.topology.name} (same rounds; >1 req/s, <1 p95 and <1 CPU/request are better) ==`];
  for (const scenario of scenarios)
    for (const clients of clientCounts)
      out.push(`   ${scenario.padEnd(9)} @${String(clients).padEnd(4)} req/s ${(requestRate(current.runs, scenario, clients) / requestRate(base.runs, scenario, clients)).toFixed(2)}x   p95 ${(p95(current.runs, scenario, clients) / p95(base.runs, scenario, clients)).toFixed(2)}x   CPU/request ${(cpuMs(current.runs, scenario, clients) / cpuMs(base.runs, scenario, clients)).toFixed(2)}x`);
  return out.join("\n");
}

function report({ topology: { name }, runs }: Loaded): string {
  const out = [`\n== ${name} (medians of ${rounds} round(s) of ${duration} s) ==`];
  for (const scenario of scenarios) {
    for (const clients of clientCounts) {
      const these = runs.filter((r) => r.scenario === scenario && r.clients === clients);
      out.push(`-- ${scenario} @ ${clients} clients`);
      out.push(`   ${"operation".padEnd(12)} ${"req/s".padStart(7)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"errors".padStart(7)}`);
      const names = [...these[0]!.load.perOp.keys()];
      const row = (label: string, per: (r: Run) => { latencies: number[]; errors: number }) => {
        const figures = these.map((r) => ({ f: per(r), s: r.load.seconds, sorted: [...per(r).latencies].sort((a, b) => a - b) }));
        const m = (fn: (x: (typeof figures)[number]) => number) => median(figures.map(fn));
        const cells = [m((x) => x.f.latencies.length / x.s), m((x) => quantileSorted(x.sorted, 0.5)), m((x) => quantileSorted(x.sorted, 0.95)), m((x) => quantileSorted(x.sorted, 0.99))];
        const errors = figures.reduce((s, x) => s + x.f.errors, 0);
        out.push(`   ${label.padEnd(12)} ${cells[0]!.toFixed(1).padStart(7)} ${cells.slice(1).map((c) => c.toFixed(0).padStart(8)).join(" ")} ${String(errors).padStart(7)}`);
      };
      for (const op of names) row(op, (r) => r.load.perOp.get(op)!);
      if (names.length > 1) row("(all)", (r) => ({ latencies: [...r.load.perOp.values()].flatMap((f) => f.latencies), errors: [...r.load.perOp.values()].reduce((s, f) => s + f.errors, 0) }));
      const procs = these[0]!.procs.map((p, i) => `${p.name} ${median(these.map((r) => r.procs[i]!.cpu)).toFixed(0)}% ${median(these.map((r) => r.procs[i]!.rssMb)).toFixed(0)} MB`);
      out.push(`   CPU (of one core) and RSS: ${procs.join(", ")}`);
      out.push(`   CPU per request (all processes): ${median(these.map(cpuPerRequest)).toFixed(1)} ms`);
    }
  }
  // The baseline's req/s at the same client count is the yardstick for the other scenarios.
  if (scenarios.includes("baseline")) {
    for (const clients of clientCounts) {
      const rate = (s: string) => requestRate(runs, s, clients);
      const base = rate("baseline");
      out.push(`   @${clients}: ${scenarios.filter((s) => s !== "baseline").map((s) => `${s} ${(rate(s) / base).toFixed(2)}x`).join(", ")} of the baseline's ${base.toFixed(0)} req/s`);
    }
  }
  return out.join("\n");
}

const startOptions = (names: string[], label?: string, root?: string): StartOptions => ({
  ...(args.profile ? (mkdirSync(args.profile, { recursive: true }), { profile: { dir: args.profile, names } }) : {}),
  ...(label ? { label, root } : {}),
  sqlLog: args["sql-log"],
});
async function start(kind: string, label?: string, root?: string): Promise<Topology | null> {
  progress(`starting the ${label ?? kind} topology`);
  if (kind === "embedded") return startEmbedded(startOptions(["stack"], label, root));
  if (kind !== "production") throw new Error(`unknown topology ${kind} (embedded, production)`);
  const [db, kafka] = [testConfig.FLOORGRAPH_TEST_DATABASE_URL, testConfig.FLOORGRAPH_TEST_KAFKA_BROKERS];
  if (!db || !kafka) return null;
  return startProduction(db, kafka, startOptions(["orders", "inventory", "gateway", "shipment"], label, root));
}

process.stdout.write(`bench:api: ${scenarios.join(", ")} at ${clientCounts.join(", ")} clients, keep-alive, through the gateway\n`);
for (const kind of list(args.topology)) {
  const topologies: Topology[] = [];
  try {
    const current = await start(kind, args.compare ? `${kind}` : undefined);
    if (!current) {
      process.stdout.write(`\n== ${kind}: skipped (set FLOORGRAPH_TEST_DATABASE_URL and FLOORGRAPH_TEST_KAFKA_BROKERS, e.g. from scripts/services.sh) ==\n`);
      continue;
    }
    topologies.push(current);
    if (args.compare) topologies.push((await start(kind, `${kind}@compare`, resolve(args.compare)))!);
    progress(`up: ${topologies.map((t) => `${t.name} (${t.processes.map((p) => `${p.name} ${p.child.pid}`).join(", ")})`).join("; ")}`);
    const group: Loaded[] = [];
    for (const t of topologies) group.push(await load(t));
    await bench(group);
    const figures = [...group.map(report), ...(group.length === 2 ? [comparison(group[0]!, group[1]!)] : [])];
    // Each topology's figures as soon as they are measured (a full run takes many minutes).
    process.stdout.write(`${figures.join("\n")}\n`);
  } finally {
    for (const t of topologies) {
      progress(`stopping ${t.name}`);
      await t.stop();
    }
  }
}
process.exit(0);
