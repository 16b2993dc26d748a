// `npm run bench:gateway`: what the gateway adds per request once its plan is cached. The same
// single-subgraph query is sent N times straight to the users subgraph and N times through the
// gateway, interleaved so both see the same machine load; prints medians, p99 and the difference.
import { performance } from "node:perf_hooks";
import { tokenFor } from "@floorgraph/testing";
import { quantile, startBenchStack } from "./support.ts";

const ROUNDS = Number(process.argv[2] ?? 2000);
const QUERY = JSON.stringify({ query: "{ me { id email role } }" });

const stack = await startBenchStack();
const token = await tokenFor("OPERATOR");
const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
const time = async (url: string) => {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers, body: QUERY });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  await res.json();
  return performance.now() - started;
};

const direct: number[] = [];
const viaGateway: number[] = [];
for (let i = 0; i < 200; i++) await Promise.all([time(stack.subgraphs.users.url), time(stack.gateway.url)]); // warm-up
for (let i = 0; i < ROUNDS; i++) {
  direct.push(await time(stack.subgraphs.users.url));
  viaGateway.push(await time(stack.gateway.url));
}
await stack.stop();

const row = (name: string, v: number[]) => `${name.padEnd(16)} p50 ${quantile(v, 0.5).toFixed(3)} ms   p99 ${quantile(v, 0.99).toFixed(3)} ms`;
process.stdout.write(
  [
    `${ROUNDS} sequential requests each, { me { id email role } } (users subgraph, PGlite)`,
    row("subgraph direct", direct),
    row("through gateway", viaGateway),
    `gateway adds     p50 ${(quantile(viaGateway, 0.5) - quantile(direct, 0.5)).toFixed(3)} ms   (ratio ${(quantile(viaGateway, 0.5) / quantile(direct, 0.5)).toFixed(2)}x)`,
    "",
  ].join("\n"),
);
