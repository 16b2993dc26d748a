export { createWcsService, type WcsServiceOptions } from "./service.ts";
export { COMMAND_ROLES, SETTLE_MS } from "./commands.ts";
export { loadWcsConfig, wcsFloorEnvSchema, type WcsConfig } from "./config.ts";
