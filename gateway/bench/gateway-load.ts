// npm run bench:gateway-load [-- seconds rounds connections callers]
// The project's gateway on its own executor (with and without in-flight dedup), on @apollo/gateway's
// executor, and vanilla @apollo/gateway (Apollo Server, same version, same supergraph), each in a
// process of its own, behind the same in-memory subgraphs (another process). Interleaved rounds of
// a fixed number of seconds at N concurrent keep-alive connections (undici); prints requests/s,
// p50/p99 latency, the gateway's and the subgraphs' CPU share, the gateway's RSS and subgraph
// requests per operation, and each one's requests/s and requests per gateway CPU-second over
// vanilla's (the latter still compares when other work shares the machine's cores). The gateway with dedup on runs
// twice: every connection one caller, and the connections spread over `callers` distinct callers
// (each its own Authorization, so in-flight sharing never crosses them; the bench gateway passes
// tokens on unread). Figures only: no assertions (the machine may be shared).
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";

const seconds = Number(process.argv[2] ?? 5);
const rounds = Number(process.argv[3] ?? 3);
const connections = Number(process.argv[4] ?? 50);
const callers = Number(process.argv[5] ?? 10);
// Five fetches over four subgraphs, entity lists nested in entity lists.
const QUERY = `{ topProducts { name inStock deliveryNote variants { color stock } reviews { body author { name username } } } }`;
const BODY = JSON.stringify({ query: QUERY });

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
type Stats = { kind: "stats"; cpuMicros: number; rss?: number; requests?: number };

function start(script: string, args: string[], env: Record<string, string> = {}) {
  const child = fork(here(script), args, { execArgv: ["--import", "tsx"], env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = once(child, "message").then(([m]) => m as Record<string, string>);
  return { child, ready };
}
async function stats(child: ChildProcess): Promise<Stats> {
  const answer = new Promise<Stats>((resolve) => child.once("message", (m) => resolve(m as Stats)));
  child.send({ kind: "stats" });
  return answer;
}

const subgraphs = start("./load/subgraphs.ts", []);
const { supergraphSdl } = await subgraphs.ready;
const GATEWAYS = [
  { name: "floorgraph executor, dedup on", args: ["floorgraph", "dedup"] },
  { name: "floorgraph executor, dedup off", args: ["floorgraph", "none"] },
  { name: "project gateway, apollo executor", args: ["apollo", "none"] },
  { name: "vanilla @apollo/gateway", args: ["vanilla", "none"] },
];
const gateways = [];
for (const g of GATEWAYS) {
  const started = start("./load/gateway.ts", g.args, { BENCH_SUPERGRAPH: supergraphSdl as string });
  gateways.push({ ...g, callers: 1, child: started.child, url: (await started.ready).url as string, results: [] as { rps: number; p50: number; p99: number; cpu: number; subCpu: number; rss: number; perOp: number; errors: number }[] });
}
// The same dedup-on gateway process, loaded by several callers.
const shared = gateways[0] as (typeof gateways)[number];
gateways.splice(1, 0, { ...shared, name: `floorgraph executor, dedup on, ${callers} callers`, callers, results: [] });

async function load(url: string, durationMs: number, callerCount = 1) {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (callerCount > 1) headers.authorization = `Bearer bench-caller-${i % callerCount}`;
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await pool.request({ path: target.pathname, method: "POST", headers, body: BODY });
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.includes('"errors"')) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { count: latencies.length, p50: at(0.5), p99: at(0.99), errors };
}

for (const g of gateways) await load(g.url, 1_000); // warm-up: plans cached, pools open, JIT warm
for (let round = 1; round <= rounds; round++) {
  for (const g of gateways) {
    await stats(g.child);
    const before = await stats(subgraphs.child);
    const started = Date.now();
    const result = await load(g.url, seconds * 1000, g.callers);
    const elapsed = (Date.now() - started) / 1000;
    const mine = await stats(g.child);
    const sub = await stats(subgraphs.child);
    g.results.push({
      rps: result.count / elapsed,
      p50: result.p50,
      p99: result.p99,
      cpu: mine.cpuMicros / 1e6 / elapsed,
      subCpu: sub.cpuMicros / 1e6 / elapsed,
      rss: (mine.rss ?? 0) / 1e6,
      perOp: ((sub.requests ?? 0) - (before.requests ?? 0)) / Math.max(1, result.count),
      errors: result.errors,
    });
    console.log(`round ${round} ${g.name.padEnd(44)} ${(result.count / elapsed).toFixed(0).padStart(6)} req/s`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`\n${connections} connections, ${rounds} interleaved rounds of ${seconds} s; medians over rounds`);
const vanilla = gateways.find((g) => g.name.startsWith("vanilla"));
const vanillaRps = vanilla ? median(vanilla.results.map((r) => r.rps)) : 0;
// Requests per second of gateway CPU: the figure that still compares when other work shares the cores.
const perCpu = (r: { rps: number; cpu: number }) => (r.cpu ? r.rps / r.cpu : 0);
const vanillaPerCpu = vanilla ? median(vanilla.results.map(perCpu)) : 0;
console.log(`${"gateway".padEnd(44)} ${"req/s".padStart(7)} ${"×vanilla".padStart(8)} ${"req/CPU-s".padStart(9)} ${"×vanilla".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"gw CPU".padStart(7)} ${"sub CPU".padStart(8)} ${"RSS MB".padStart(7)} ${"sub req/op".padStart(10)} ${"errors".padStart(6)}`);
for (const g of gateways) {
  const m = (f: (r: (typeof g.results)[number]) => number) => median(g.results.map(f));
  console.log(
    `${g.name.padEnd(44)} ${m((r) => r.rps).toFixed(0).padStart(7)} ${(vanillaRps ? m((r) => r.rps) / vanillaRps : 0).toFixed(1).padStart(8)} ${m(perCpu).toFixed(0).padStart(9)} ${(vanillaPerCpu ? m(perCpu) / vanillaPerCpu : 0).toFixed(1).padStart(8)} ${m((r) => r.p50).toFixed(1).padStart(7)} ${m((r) => r.p99).toFixed(1).padStart(7)} ${`${(m((r) => r.cpu) * 100).toFixed(0)}%`.padStart(7)} ${`${(m((r) => r.subCpu) * 100).toFixed(0)}%`.padStart(8)} ${m((r) => r.rss).toFixed(0).padStart(7)} ${m((r) => r.perOp).toFixed(2).padStart(10)} ${String(g.results.reduce((a, r) => a + r.errors, 0)).padStart(6)}`,
  );
}
for (const child of new Set([...gateways.map((g) => g.child), subgraphs.child])) child.send({ kind: "stop" });
