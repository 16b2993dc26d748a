import type { GraphQLDataSource } from "@apollo/gateway";
import { Counter, createServiceMetrics, Gauge, Histogram, LATENCY_BUCKETS, type ServiceMetrics } from "@floorgraph/metrics";
import type { StreamCounters } from "@floorgraph/streams";
import type { GatewayContext } from "../context.ts";
import type { AroundFetch } from "../execution/batcher.ts";
import type { GatewayPlugin } from "../pipeline/types.ts";

/** Operation cost in demand-control points (docs/demand-control.md): from a leaf to well over any budget. */
const COST_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 50_000];

/**
 * The gateway's series beyond the GraphQL requests every service has: subgraph fetches, operation
 * cost, sockets and subscriptions. The gauges are read from the live objects when Prometheus scrapes.
 */
export class GatewayMetrics {
  readonly service: ServiceMetrics;
  private readonly fetches: Counter<"subgraph" | "outcome">;
  private readonly fetchDuration: Histogram<"subgraph" | "outcome">;
  private readonly estimated: Histogram;
  private readonly actual: Histogram;
  /** Events sent to subscribers, coalesced for a slow one, dropped when one fell too far behind. */
  readonly streamCounters: StreamCounters;

  constructor(options: { runtime: boolean }) {
    this.service = createServiceMetrics("gateway", { runtime: options.runtime });
    const registers = [this.service.registry];
    this.fetches = new Counter({ name: "gateway_subgraph_fetches_total", help: "Requests the gateway sent to a subgraph, by outcome (ok, graphql_error, failed)", labelNames: ["subgraph", "outcome"], registers });
    this.fetchDuration = new Histogram({ name: "gateway_subgraph_fetch_duration_seconds", help: "Time for a subgraph to answer one fetch of a query plan", labelNames: ["subgraph", "outcome"], buckets: LATENCY_BUCKETS, registers });
    this.estimated = new Histogram({ name: "gateway_operation_cost_estimated", help: "Demand control's estimate of an admitted operation's cost (points)", buckets: COST_BUCKETS, registers });
    this.actual = new Histogram({ name: "gateway_operation_cost_actual", help: "An answered operation's cost counted on the lists it returned (points)", buckets: COST_BUCKETS, registers });
    const events = new Counter({ name: "gateway_subscription_events_total", help: "Subscription events by fate: delivered to a client, coalesced (replaced by a newer state), dropped (a client overflowed)", labelNames: ["fate"], registers });
    this.streamCounters = {
      delivered: () => events.inc({ fate: "delivered" }),
      coalesced: () => events.inc({ fate: "coalesced" }),
      dropped: (count) => events.inc({ fate: "dropped" }, count),
    };
  }

  get registry() {
    return this.service.registry;
  }

  /** Open client sockets and subscriptions, upstream sockets and subscriptions; read at scrape time. */
  watchSubscriptions(stats: () => { clients: number; sharedStreams: number; upstreamSubscriptions: number; sockets: number; clientSockets: number }): void {
    const registers = [this.service.registry];
    const gauge = (name: string, help: string, read: (s: ReturnType<typeof stats>) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(stats()));
        },
      });
    gauge("gateway_open_sockets", "Client WebSockets open on the gateway", (s) => s.clientSockets);
    gauge("gateway_subscriptions", "Client subscriptions open (WebSocket and SSE)", (s) => s.clients);
    gauge("gateway_shared_streams", "Distinct subscriptions the gateway runs for its clients (identical ones share one)", (s) => s.sharedStreams);
    gauge("gateway_upstream_sockets", "WebSockets from the gateway to subgraphs", (s) => s.sockets);
    gauge("gateway_upstream_subscriptions", "Subscriptions the gateway holds open on subgraphs", (s) => s.upstreamSubscriptions);
  }

  /** Times every fetch a data source makes (query plans, and subscription events' entity fetches). */
  instrument<S extends GraphQLDataSource<GatewayContext>>(subgraph: string, source: S): S {
    const process = source.process.bind(source);
    source.process = async (options) => {
      const started = performance.now();
      let outcome = "failed";
      try {
        const response = await process(options);
        outcome = response.errors?.length ? "graphql_error" : "ok";
        return response;
      } finally {
        const labels = { subgraph, outcome };
        this.fetches.inc(labels);
        this.fetchDuration.observe(labels, (performance.now() - started) / 1000);
      }
    };
    return source;
  }

  /** The floorgraph executor's fetches (GATEWAY_EXECUTOR=floorgraph): its client answers failures as UNAVAILABLE errors. */
  readonly aroundFetch: AroundFetch = async (subgraph, send) => {
    const started = performance.now();
    let outcome = "failed";
    try {
      const response = await send({});
      const codes = (response.errors ?? []).map((e) => e.extensions?.code);
      outcome = codes.length === 0 ? "ok" : codes.some((c) => c === "UNAVAILABLE" || c === "RESPONSE_TOO_LARGE") ? "failed" : "graphql_error";
      return response;
    } finally {
      const labels = { subgraph, outcome };
      this.fetches.inc(labels);
      this.fetchDuration.observe(labels, (performance.now() - started) / 1000);
    }
  };

  /**
   * Placed after demand control (use-cost.ts) in the pipeline: the estimate of every admitted
   * operation (subscriptions included), and the actual cost it reports on a single result.
   */
  costPlugin(): GatewayPlugin {
    return {
      name: "cost-metrics",
      onOperation: ({ context }) => {
        if (context.cost) this.estimated.observe(context.cost.estimated);
      },
      onResult: ({ result }) => {
        const actual = (result.extensions?.cost as { actual?: unknown } | undefined)?.actual;
        if (typeof actual === "number") this.actual.observe(actual);
      },
    };
  }
}
