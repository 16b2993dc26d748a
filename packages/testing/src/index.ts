export * from "./config.ts";
export * from "./database.ts";
export * from "./graphql.ts";
export * from "./subgraph.ts";
export * from "./tokens.ts";
export * from "./subscriptions.ts";
export * from "./redis.ts";
export * from "./kafka.ts";
