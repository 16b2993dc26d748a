import type { RequestContext } from "@floorgraph/service";
import type { UsersLoaders } from "./loaders.ts";
import type { UsersServices } from "./services/index.ts";

export interface UsersContext extends RequestContext {
  loaders: UsersLoaders;
  services: UsersServices;
}
