export * from "./roles.ts";
export * from "./jwt.ts";
export * from "./guards.ts";
export * from "./scopes.ts";
export * from "./revocation.ts";
export * from "./client-address.ts";
export * from "./request-signature.ts";
export * from "./config.ts";
