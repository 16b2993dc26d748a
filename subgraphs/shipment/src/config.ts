import { loadServiceConfig } from "@floorgraph/service";

export const SHIPMENT_DEFAULT_PORT = 4005;
export const loadShipmentConfig = (env: Record<string, string | undefined> = process.env) =>
  loadServiceConfig("shipment", SHIPMENT_DEFAULT_PORT, env);
