import type { RequestContext } from "@floorgraph/service";
import type { ShipmentLoaders } from "./loaders.ts";
import type { ShipmentServices } from "./services/index.ts";

export interface ShipmentContext extends RequestContext {
  loaders: ShipmentLoaders;
  services: ShipmentServices;
}
