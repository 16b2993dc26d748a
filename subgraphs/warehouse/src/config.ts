import { loadServiceConfig } from "@floorgraph/service";

export const WAREHOUSE_DEFAULT_PORT = 4004;
export const loadWarehouseConfig = (env: Record<string, string | undefined> = process.env) =>
  loadServiceConfig("warehouse", WAREHOUSE_DEFAULT_PORT, env);
