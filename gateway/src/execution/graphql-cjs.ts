import { createRequire } from "node:module";

/**
 * The federation packages are CommonJS and build their schemas with graphql's CommonJS build, and
 * graphql refuses types from its other build; everything that inspects those schemas uses this one.
 */
export const graphqlCjs = createRequire(import.meta.url)("graphql") as typeof import("graphql");
