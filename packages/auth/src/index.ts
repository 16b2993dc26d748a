export * from "./roles.ts";
export * from "./jwt.ts";
export * from "./guards.ts";
export * from "./scopes.ts";
