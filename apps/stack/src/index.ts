export * from "./stack.ts";
export * from "./config.ts";
export { loadServiceDefinitions, MANIFESTS, PEERS, portOffsets } from "./services.ts";
