import type { RequestContext } from "@floorgraph/service";
import type { InventoryLoaders } from "./loaders.ts";
import type { InventoryServices } from "./services/index.ts";

export interface InventoryContext extends RequestContext {
  loaders: InventoryLoaders;
  services: InventoryServices;
}
