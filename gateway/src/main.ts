import { loadGatewayConfig, parseCommandLine, UsageError } from "./config.ts";
import { usage } from "./usage.ts";

// A person at a terminal gets usage or one line about what is wrong, never a stack trace.
let config: ReturnType<typeof loadGatewayConfig>;
try {
  if (parseCommandLine(process.argv.slice(2)).help) {
    process.stdout.write(usage());
    process.exit(0);
  }
  config = loadGatewayConfig();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`floorgraph-gateway: ${error.message}\n`);
  process.exit(2);
}
// Loaded only to serve: --help and usage errors answer without loading the gateway's dependencies.
const { createLogger, stopOnSignals } = await import("@floorgraph/logger");
const { startGateway } = await import("./server.ts");
const { startTracing } = await import("@floorgraph/tracing/sdk");
const tracing = startTracing(config.tracing, "gateway");
const logger = createLogger("gateway", config.logLevel);
if (config.usingDevSigningSecret) logger.warn("SUBGRAPH_SIGNING_SECRETS is not set: signing subgraph requests with the development secret");
const gateway = await startGateway({ ...config, supergraph: { path: config.supergraphPath } }, logger, config.port, config.host);

stopOnSignals(logger, async () => {
  await gateway.stop();
  await tracing.shutdown();
});
