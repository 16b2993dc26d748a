// bench:api's load generator: `clients` closed-loop clients, each on its own keep-alive connection
// (undici's Pool, one connection per client, no pipelining), each sending its next request as soon
// as the last one is answered, the operation drawn by the mix's weights. Latency per operation, from
// sending to the whole body read. And CPU/RSS per server process from /proc (Linux).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import type { Operation } from "./api-operations.ts";

export interface OpFigures {
  latencies: number[];
  errors: number;
  /** The first error body, to print. */
  firstError?: string;
}

export interface LoadResult {
  seconds: number;
  perOp: Map<string, OpFigures>;
}

export async function runLoad(gatewayUrl: string, ops: Operation[], tokens: Record<Operation["as"], string>, clients: number, seconds: number): Promise<LoadResult> {
  const url = new URL(gatewayUrl);
  const pool = new Pool(url.origin, { connections: clients, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const total = ops.reduce((s, o) => s + o.weight, 0);
  const draw = () => {
    let r = Math.random() * total;
    for (const op of ops) if ((r -= op.weight) < 0) return op;
    return ops[ops.length - 1]!;
  };
  const perOp = new Map(ops.map((o) => [o.name, { latencies: [], errors: 0 } as OpFigures]));
  const headers = Object.fromEntries(Object.entries(tokens).map(([as, t]) => [as, { "content-type": "application/json", authorization: `Bearer ${t}` }]));
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const op = draw();
        const figures = perOp.get(op.name)!;
        const sent = performance.now();
        try {
          const res = await pool.request({ method: "POST", path: url.pathname, headers: headers[op.as], body: op.body() });
          const text = await res.body.text();
          figures.latencies.push(performance.now() - sent);
          // A GraphQL error answers 200 too. Robots have `errors` of their own: the top-level list's items start with "message".
          if (res.statusCode !== 200 || text.includes('"errors":[{"message"')) (figures.errors++, (figures.firstError ??= `${res.statusCode} ${text.slice(0, 300)}`));
        } catch (error) {
          figures.errors++;
          figures.firstError ??= String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  return { seconds: elapsed, perOp };
}

const TICKS = 100; // USER_HZ: /proc's clock ticks per second on Linux
/** CPU seconds (user + system) and resident bytes of a process, or null once it is gone. */
export function processSample(pid: number): { cpuSeconds: number; rssBytes: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const rssPages = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS, rssBytes: rssPages * 4096 };
  } catch {
    return null;
  }
}

/** The q-quantile (0..1) of sorted values. */
export const quantileSorted = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export const median = (values: number[]): number => {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b) as number[];
  if (!finite.length) return Number.NaN;
  const mid = finite.length >> 1;
  return finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
};
