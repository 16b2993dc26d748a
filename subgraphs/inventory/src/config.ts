import { loadServiceConfig } from "@floorgraph/service";

export const INVENTORY_DEFAULT_PORT = 4003;
export const loadInventoryConfig = (env: Record<string, string | undefined> = process.env) =>
  loadServiceConfig("inventory", INVENTORY_DEFAULT_PORT, env);
