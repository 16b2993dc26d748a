export { startDashboardServer, type DashboardServer, type DashboardServerOptions } from "./serve.ts";
export { dashboardBuildIsStale, ensureDashboardBuilt } from "./build.ts";
export { CONFIG_PATH, type RuntimeConfig } from "./runtime-config.ts";
