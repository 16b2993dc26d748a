import { loadServiceConfig } from "@floorgraph/service";

export const ORDERS_DEFAULT_PORT = 4002;
export const loadOrdersConfig = (env: Record<string, string | undefined> = process.env) => loadServiceConfig("orders", ORDERS_DEFAULT_PORT, env);
