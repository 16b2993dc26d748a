import { createLogger } from "@floorgraph/logger";
import { loadGatewayConfig } from "./config.ts";
import { startGateway } from "./server.ts";

const config = loadGatewayConfig();
const logger = createLogger("gateway", config.logLevel);
const gateway = await startGateway({ ...config, supergraph: { path: config.supergraphPath } }, logger, config.port, config.host);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "shutting down");
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      },
    );
  });
}
