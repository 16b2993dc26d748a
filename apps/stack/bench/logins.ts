// `npm run bench:logins [threads]`: does password hashing stall everything else? A cheap query
// ({ me { id } } through the gateway) is timed while idle, then while 40 logins run in parallel;
// prints medians and maxima. [threads] sets the password pool's size (PASSWORD_HASH_THREADS; the
// default keeps one core free; 4 is what libuv's shared threadpool used to give scrypt).
import { performance } from "node:perf_hooks";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { createLogger } from "@floorgraph/logger";
import { tokenFor } from "@floorgraph/testing";
import { DEFAULT_USERS_SETTINGS } from "@floorgraph/users";
import { startTestStack } from "../test/harness.ts";
import { quantile } from "./support.ts";

const threads = Number(process.argv[2] ?? DEFAULT_USERS_SETTINGS.passwordPool.threads);
const PARALLEL = 40;
const stack = await startTestStack({
  ciBroker: false,
  logger: createLogger("bench", "error"),
  users: { ...DEFAULT_USERS_SETTINGS, passwordPool: { ...DEFAULT_USERS_SETTINGS.passwordPool, threads } },
});
const token = await tokenFor("OPERATOR");
const post = (body: object, auth?: string) =>
  fetch(stack.url, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body: JSON.stringify(body) });
const cheap = async () => {
  const started = performance.now();
  const res = await post({ query: "{ me { id } }" }, token);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  await res.json();
  return performance.now() - started;
};
const refused: string[] = [];
const login = async () => {
  const res = await post({ query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, variables: { e: "operator@floorgraph.dev", p: DEMO_PASSWORD } });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  // Counted, not thrown: a login that waited past the gateway's subgraph timeout answers UNAVAILABLE.
  if (body.errors) refused.push(body.errors[0]?.extensions?.code ?? "?");
};

for (let i = 0; i < 50; i++) await cheap(); // warm-up
await login();
const idle: number[] = [];
for (let i = 0; i < 100; i++) idle.push(await cheap());

const loaded: number[] = [];
let done = false;
const started = performance.now();
const logins = Promise.all(Array.from({ length: PARALLEL }, login)).then(() => (done = true));
while (!done) loaded.push(await cheap());
await logins;
const loginWall = performance.now() - started;
await stack.stopAll();

const row = (name: string, v: number[]) => `${name.padEnd(28)} p50 ${quantile(v, 0.5).toFixed(1)} ms   p99 ${quantile(v, 0.99).toFixed(1)} ms   max ${Math.max(...v).toFixed(1)} ms   (n=${v.length})`;
process.stdout.write(
  [
    `password pool: ${threads} thread(s); { me { id } } through the gateway (PGlite)`,
    row("idle", idle),
    row(`during ${PARALLEL} parallel logins`, loaded),
    `${PARALLEL} logins took ${(loginWall / 1000).toFixed(1)} s in all; refused: ${refused.length ? refused.join(", ") : "none"}`,
    "",
  ].join("\n"),
);
