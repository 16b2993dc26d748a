// `npm start`: the whole system in one process on embedded defaults (PGlite per service), or on
// PostgreSQL when DATABASE_URL is set. Prints the URLs and the demo logins once ready.
import { join } from "node:path";
import { DEMO_PASSWORD, demoLogins } from "@floorgraph/demo-data";
import { createEventBus } from "@floorgraph/events";
import { createLogger, stopOnSignals } from "@floorgraph/logger";
import { startTracing } from "@floorgraph/tracing/sdk";
import type { ServiceName } from "@floorgraph/service";
import { loadStackConfig } from "./config.ts";
import { prepareDashboard } from "./dashboard.ts";
import { MANIFESTS } from "./services.ts";
import { startStack } from "./stack.ts";
import { prepareDatabases, pgliteDirOf } from "./startup/prepare-databases.ts";
import { createProgress } from "./startup/progress.ts";
import { startupSummary } from "./startup/summary.ts";

const started = performance.now();
const config = loadStackConfig();
const tracing = startTracing(config.tracing, "floorgraph");
const logger = createLogger("floorgraph", config.logLevel);
const progress = createProgress(process.stdout);
const dashboard = prepareDashboard({ ...config.dashboard, host: config.host }, logger, progress);
const pgliteDir = pgliteDirOf(config.dataDir);
// A first start on PGlite makes the databases in worker threads, on every core; the stack boots
// each service as soon as its database is there.
const databases = config.databaseUrl
  ? null
  : prepareDatabases({ manifests: MANIFESTS, pgliteDir, seed: config.seedDemoData, logLevel: config.logLevel, progress });

const databaseFor = (service: ServiceName) => {
  if (!config.databaseUrl) return { pgliteDir: pgliteDir(service) };
  const url = new URL(config.databaseUrl);
  url.pathname = `/${url.pathname.slice(1) || "floorgraph"}_${service}`;
  return { url: url.toString() };
};

const bus = await createEventBus(config.events, logger);
const stack = await startStack({
  host: config.host,
  gatewayPort: config.gatewayPort,
  subgraphBasePort: config.subgraphBasePort,
  database: databaseFor,
  jwt: { secret: config.jwtSecret, ttlSeconds: config.jwtTtlSeconds },
  signingSecrets: config.signingSecrets,
  seedDemoData: config.seedDemoData,
  logger,
  createDatabases: Boolean(config.databaseUrl),
  floor: config.floor,
  bus,
  eventRetry: config.events.retry,
  gateway: config.gateway,
  users: config.users,
  databaseReady: databases ? (service) => databases.ready(service) : undefined,
  progress,
});
stopOnSignals(logger, async () => {
  await stack.stop();
  await bus.close();
  await tracing.shutdown();
});

const served = await dashboard.serve(stack.gateway.url);
await databases?.settled;
progress.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const lines = [
  "",
  `Floorgraph is up (ready in ${seconds} s, data: ${config.databaseUrl ? "PostgreSQL" : join(config.dataDir, "pglite")})`,
  ...startupSummary(progress.timings()),
  "",
  ...("url" in served ? [`  Dashboard           ${served.url}`, `  Explorer            ${served.url}explorer`] : [`  Dashboard           ${served.unavailable}`]),
  `  Gateway (GraphQL)   ${stack.gateway.url}`,
  `  Subscriptions       ${stack.gateway.url.replace(/^http/, "ws")}  (graphql-ws; or SSE at the HTTP URL)`,
  `  Health              ${stack.gateway.url.replace(/\/graphql$/, "/health")}`,
  ...Object.entries(stack.subgraphs).map(([name, s]) => `  subgraph ${name.padEnd(10)} ${s.url}`),
  `  floor (OPC UA)      ${stack.floorEndpoint}${stack.simulator ? "  (built-in floor simulator)" : ""}`,
  `  events              ${config.events.kafkaBrokers.length ? `Kafka at ${config.events.kafkaBrokers.join(",")}` : "in-process bus (set KAFKA_BROKERS for Kafka)"}`,
  "",
];
if (config.seedDemoData) {
  lines.push(`Demo logins (development only, password "${DEMO_PASSWORD}"):`);
  for (const user of demoLogins) lines.push(`  ${user.role.padEnd(11)} ${user.email}`);
  lines.push(
    "",
    "Try it:",
    `  curl -s ${stack.gateway.url} -H 'content-type: application/json' \\`,
    `    -d '{"query":"mutation { login(email: \\"admin@floorgraph.dev\\", password: \\"${DEMO_PASSWORD}\\") { token } }"}'`,
    "",
  );
}
lines.push("Stop with Ctrl+C.", "");
process.stdout.write(lines.join("\n"));
