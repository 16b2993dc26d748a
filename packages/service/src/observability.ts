import type { Database } from "@floorgraph/db";
import { registerEventMetrics, type EventBus, type EventRuntime } from "@floorgraph/events";
import { createServiceMetrics, type ServiceMetrics } from "@floorgraph/metrics";
import type { SubgraphServer } from "./subgraph-server.ts";

/**
 * A booted service's metrics (GraphQL requests, its event flow) and what its server's readiness
 * adds to the database check: the bus answers. The metrics live as long as the service, so a
 * restarted server (Stack.restartSubgraph) goes on counting where the last one stopped.
 */
export function observeService(service: string, deps: { db: Pick<Database, "query">; bus: EventBus; events: EventRuntime; runtime: boolean }) {
  const metrics: ServiceMetrics = createServiceMetrics(service, { runtime: deps.runtime });
  registerEventMetrics(metrics.registry, { db: deps.db, bus: deps.bus, consumers: () => deps.events.consumers() });
  return {
    metrics,
    observe(server: SubgraphServer) {
      server.useMetrics(metrics);
      // The bus answers a lag query for one of the service's groups (Kafka: its admin API); a
      // service without a consumer only publishes, and its relay waits out an outage on its own.
      server.readiness.add("bus", async () => {
        const [first] = deps.events.consumers();
        if (first) await deps.bus.lag(first.group, first.topics);
        return { kind: deps.bus.kind };
      });
    },
  };
}
