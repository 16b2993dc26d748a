import type { RequestContext } from "@floorgraph/service";
import type { WarehouseLoaders } from "./loaders.ts";
import type { WarehouseServices } from "./services/index.ts";

export interface WarehouseContext extends RequestContext {
  loaders: WarehouseLoaders;
  services: WarehouseServices;
}
