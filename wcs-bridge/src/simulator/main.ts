import { createLogger, stopOnSignals } from "@floorgraph/logger";
import { loadSimulatorConfig } from "./config.ts";
import { loadFloor } from "./floor.ts";
import { startFloorSimulator } from "./server.ts";

// The floor simulator on its own: `npm run simulator -w @floorgraph/wcs-bridge`.
const config = loadSimulatorConfig();
const logger = createLogger("floor-simulator", config.logLevel);
const startedAt = Date.now();
const simulator = await startFloorSimulator({
  port: config.port,
  host: config.host,
  seed: config.seed,
  floor: loadFloor(config.floorPath),
  tickMs: config.tickMs,
  jamProbability: config.jamProbability,
  errorProbability: config.errorProbability,
  autoStart: config.autoStart,
  pkiDir: config.pkiDir,
  users: config.users,
  logger,
});
logger.info({ endpointUrl: simulator.endpointUrl, readyMs: Date.now() - startedAt }, "floor simulator ready");

stopOnSignals(logger, () => simulator.stop());
