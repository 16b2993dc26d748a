export * from "./database.ts";
export * from "./migrate.ts";
export * from "./query-counter.ts";
export * from "./snapshot.ts";
