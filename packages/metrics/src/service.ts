import { GraphqlRequestMetrics } from "./graphql.ts";
import { createMetricsRegistry, type Registry } from "./registry.ts";

/** A service's registry and the GraphQL request series every service has (gateway and subgraphs alike). */
export interface ServiceMetrics {
  service: string;
  registry: Registry;
  graphql: GraphqlRequestMetrics;
}

/** `runtime`: also Node's own metrics (a process that runs this one service). */
export function createServiceMetrics(service: string, options: { runtime?: boolean; maxOperationNames?: number } = {}): ServiceMetrics {
  const registry = createMetricsRegistry(service, { runtime: options.runtime });
  return { service, registry, graphql: new GraphqlRequestMetrics(registry, { maxOperationNames: options.maxOperationNames }) };
}
