import { createLogger, stopOnSignals } from "@floorgraph/logger";
import { loadGatewayConfig } from "./config.ts";
import { startGateway } from "./server.ts";

const config = loadGatewayConfig();
const logger = createLogger("gateway", config.logLevel);
if (config.usingDevSigningSecret) logger.warn("SUBGRAPH_SIGNING_SECRETS is not set: signing subgraph requests with the development secret");
const gateway = await startGateway({ ...config, supergraph: { path: config.supergraphPath } }, logger, config.port, config.host);

stopOnSignals(logger, () => gateway.stop());
