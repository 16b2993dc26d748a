import { runService } from "@floorgraph/service";
import { loadWcsConfig } from "./config.ts";
import { createWcsService } from "./service.ts";

const config = loadWcsConfig();
await runService(createWcsService({ floorEndpoint: config.floorEndpoint, clientOptions: config.clientOptions, streams: config.streams, redisUrl: config.redisUrl }), config.service);
