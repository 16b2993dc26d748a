export * from "./directives.ts";
export * from "./estimator.ts";
export * from "./refusal.ts";
