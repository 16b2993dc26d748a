import { loadServiceConfig } from "@floorgraph/service";

/** This process's settings, parsed once from the environment (see README, Configuration). */
export const loadOrdersConfig = (env: Record<string, string | undefined> = process.env) => loadServiceConfig("orders", env);
