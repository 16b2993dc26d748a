export { startGateway, type GatewayOptions, type RunningGateway } from "./server.ts";
export { loadGatewayConfig, gatewaySettingsFrom, gatewaySettingsShape, envSchema as gatewayEnvSchema, GATEWAY_PATTERN_VARIABLES, type GatewayConfig, type GatewaySettings } from "./config.ts";
export { DEFAULT_LIMITS } from "./config.ts";
export { DEFAULT_ACCESS, DEFAULT_RATE_LIMITS, type AccessSettings, type RateLimitSettings, type RatePolicy } from "./access/index.ts";
export { accessEnvShape, accessSettingsFrom } from "./access/config.ts";
export { DEFAULT_COST_BUDGETS, SupergraphCost, budgetFor, type CostBudgets } from "./budget/cost.ts";
export { Authorizer, extractAuthorization, grantsOf, loadAuthorization, type AuthorizationRequirements, type Requirement } from "./authorization/index.ts";
