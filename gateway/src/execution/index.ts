export { createExecutor, type Executor, type ExecutorOptions, type ExecuteRequest, type ExecutionOutcome, type SubscriptionPlan } from "./executor.ts";
export type { ExecutionError } from "./errors.ts";
export type { SubgraphResponse } from "./subgraph-client.ts";
