// `npm run bench:gateway`: what the gateway adds per request once its plan is cached. The same
// single-subgraph query is sent N times straight to the users subgraph and N times through the
// gateway, interleaved so both see the same machine load; prints medians, p99 and the difference.
// Demand control's share: a second gateway without it on the same subgraphs, in the same rounds,
// and the estimator alone per operation (its per-schema estimator warm, the document parsed).
// Metrics' share: a gateway like the stack's but with METRICS=false, in the same rounds.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from "@apollo/federation-internals";
import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import { createLogger } from "@floorgraph/logger";
import { DEFAULT_COST_BUDGETS, DEFAULT_LIMITS, startGateway, SupergraphCost } from "@floorgraph/gateway";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { TEST_JWT, TEST_SIGNING_SECRET, tokenFor } from "@floorgraph/testing";
import { parse } from "graphql";
import { quantile, startBenchStack } from "./support.ts";
import { tracingOverhead } from "./tracing-overhead.ts";

const ROUNDS = Number(process.argv[2] ?? 2000);
const QUERY = JSON.stringify({ query: "{ me { id email role } }" });

const stack = await startBenchStack();
const uncosted = await startGateway(
  {
    supergraph: { path: SUPERGRAPH_PATH },
    jwt: { secret: TEST_JWT.secret },
    forwardHeaders: ["authorization", "x-request-id"],
    corsOrigins: "*",
    subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
    subgraphTimeoutMs: 10_000,
    maxBodyBytes: 1_000_000,
    limits: DEFAULT_LIMITS,
    subgraphSigningSecret: TEST_SIGNING_SECRET,
    costBudgets: null,
    access: { rateLimits: null },
  },
  createLogger("bench-uncosted", "error"),
  0,
);
const unmetered = await startGateway(
  {
    supergraph: { path: SUPERGRAPH_PATH },
    jwt: { secret: TEST_JWT.secret },
    forwardHeaders: ["authorization", "x-request-id"],
    corsOrigins: "*",
    subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
    subgraphTimeoutMs: 10_000,
    maxBodyBytes: 1_000_000,
    limits: DEFAULT_LIMITS,
    subgraphSigningSecret: TEST_SIGNING_SECRET,
    metrics: false,
    access: { rateLimits: null },
  },
  createLogger("bench-unmetered", "error"),
  0,
);
const token = await tokenFor("OPERATOR");
// Subgraphs answer signed requests only (the direct baseline); the gateway ignores the signature.
const headers = { "content-type": "application/json", authorization: `Bearer ${token}`, [SIGNATURE_HEADER]: signRequestBody(QUERY, TEST_SIGNING_SECRET) };
const time = async (url: string) => {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers, body: QUERY });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  await res.json();
  return performance.now() - started;
};

const direct: number[] = [];
const viaGateway: number[] = [];
const withoutCost: number[] = [];
const withoutMetrics: number[] = [];
for (let i = 0; i < 200; i++) await Promise.all([time(stack.subgraphs.users.url), time(stack.gateway.url), time(uncosted.url), time(unmetered.url)]); // warm-up
for (let i = 0; i < ROUNDS; i++) {
  direct.push(await time(stack.subgraphs.users.url));
  viaGateway.push(await time(stack.gateway.url));
  withoutCost.push(await time(uncosted.url));
  withoutMetrics.push(await time(unmetered.url));
}
// One scrape of the gateway's /metrics after the rounds: what Prometheus pays per scrape.
const scrapeStarted = performance.now();
const exposition = await (await fetch(stack.gateway.url.replace(/\/graphql$/, "/metrics"))).text();
const scrapeMs = performance.now() - scrapeStarted;
await unmetered.stop();
const tracingRows = await tracingOverhead(stack.gateway.url, time, ROUNDS);
await uncosted.stop();
await stack.stop();

// The estimator alone, on the committed supergraph, for a small and two large operations.
const sdl = readFileSync(SUPERGRAPH_PATH, "utf8");
const schema = Supergraph.build(sdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
const cost = new SupergraphCost(DEFAULT_COST_BUDGETS);
cost.load(sdl);
const orderDetail = readFileSync(new URL("../../../web/src/graphql/orders.graphql", import.meta.url), "utf8");
const operations = {
  "{ me { … } }": { document: parse("{ me { id email role } }") },
  "README Orders": { document: parse("{ orders(first: 5) { id number status createdAt customer { email } lines { quantity sku { code name totalAvailable } } shipments { trackingNumber status carrier { name } } } }") },
  "web OrderDetail": { document: parse(orderDetail), operationName: "OrderDetail", variables: { id: "x" } },
};
const estimatorRows = Object.entries(operations).map(([name, request]) => {
  const estimator = cost.estimator(schema);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) estimator.estimate(request); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    estimator.estimate(request);
    times.push(performance.now() - started);
  }
  return `  ${name.padEnd(18)} cost ${String(estimator.estimate(request)).padStart(5)}   p50 ${(quantile(times, 0.5) * 1000).toFixed(1)} µs   p99 ${(quantile(times, 0.99) * 1000).toFixed(1)} µs`;
});

const row = (name: string, v: number[]) => `${name.padEnd(16)} p50 ${quantile(v, 0.5).toFixed(3)} ms   p99 ${quantile(v, 0.99).toFixed(3)} ms`;
process.stdout.write(
  [
    `${ROUNDS} sequential requests each, { me { id email role } } (users subgraph, PGlite)`,
    row("subgraph direct", direct),
    row("through gateway", viaGateway),
    `gateway adds     p50 ${(quantile(viaGateway, 0.5) - quantile(direct, 0.5)).toFixed(3)} ms   (ratio ${(quantile(viaGateway, 0.5) / quantile(direct, 0.5)).toFixed(2)}x)`,
    row("gateway, no cost", withoutCost),
    `demand control   p50 ${(quantile(viaGateway, 0.5) - quantile(withoutCost, 0.5)).toFixed(3)} ms per request (estimate + actual cost + extension)`,
    row("gateway, no metrics", withoutMetrics),
    `metrics          p50 ${(quantile(viaGateway, 0.5) - quantile(withoutMetrics, 0.5)).toFixed(3)} ms   p99 ${(quantile(viaGateway, 0.99) - quantile(withoutMetrics, 0.99)).toFixed(3)} ms per request (on minus off; the subgraph's own metrics on in both)`,
    `/metrics scrape  ${scrapeMs.toFixed(1)} ms for ${exposition.split("\n").filter((l) => l && !l.startsWith("#")).length} samples`,
    `estimator alone, ${ROUNDS} runs each:`,
    ...estimatorRows,
    ...tracingRows,
    "",
  ].join("\n"),
);
