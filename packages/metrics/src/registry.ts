import { AggregatorRegistry, collectDefaultMetrics, Registry, type MetricObjectWithValues, type MetricValue } from "prom-client";

export { Registry };

/** Prometheus' text format, as every /metrics answers it. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * One registry per service: every series it holds carries `service="<name>"`, so a process that runs
 * several services (`npm start`) serves them side by side on one port. Node runtime metrics
 * (collectDefaultMetrics) belong to a process, not a service: only one registry of a process asks for them.
 */
export function createMetricsRegistry(service: string, options: { runtime?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.runtime) collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The text of several registries as one exposition: a family that several services have (e.g.
 * graphql_requests_total) is written once with each service's series under it, as Prometheus'
 * format requires. prom-client's AggregatorRegistry does the merge; "first" keeps every series as is
 * (the series of two services never share labels: they differ by `service`).
 */
export async function metricsText(registries: readonly Registry[]): Promise<string> {
  if (registries.length === 1) return (registries[0] as Registry).metrics();
  const all = await Promise.all(registries.map((r) => r.getMetricsAsJSON()));
  const kept = all.map((metrics) => metrics.map((m) => ({ ...(m as MetricObjectWithValues<MetricValue<string>>), aggregator: "first" as const })));
  return AggregatorRegistry.aggregate(kept).metrics();
}
