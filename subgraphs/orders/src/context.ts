import type { RequestContext } from "@floorgraph/service";
import type { OrdersLoaders } from "./loaders.ts";
import type { OrdersServices } from "./services/index.ts";

export interface OrdersContext extends RequestContext {
  loaders: OrdersLoaders;
  services: OrdersServices;
}
