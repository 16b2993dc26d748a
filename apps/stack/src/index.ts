export * from "./stack.ts";
export * from "./config.ts";
export { SERVICE_DEFINITIONS } from "./services.ts";
