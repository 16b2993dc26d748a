import { Counter, Histogram, type Registry } from "prom-client";
import { BoundedLabel } from "./labels.ts";

/** Distinct operation names per service before the rest count as "other". */
export const MAX_OPERATION_NAMES = 200;
/** Seconds: from a few milliseconds to the gateway's default deadline (30 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface GraphqlRequestObservation {
  operationName: string | null | undefined;
  /** query, mutation, subscription; unknown when the document did not parse or validate. */
  operationType: string | undefined;
  /** The first error's extensions.code, or none for a clean answer. */
  errorCodes: readonly (string | undefined)[];
  seconds: number;
}

/** graphql_requests_total and graphql_request_duration_seconds by operation name, type and result code. */
export class GraphqlRequestMetrics {
  private readonly requests: Counter<"operation_name" | "operation_type" | "code">;
  private readonly duration: Histogram<"operation_name" | "operation_type" | "code">;
  private readonly names: BoundedLabel;
  private readonly codes = new BoundedLabel(50, /^[A-Z][A-Z0-9_]{0,63}$/);

  constructor(registry: Registry, options: { maxOperationNames?: number } = {}) {
    const labelNames = ["operation_name", "operation_type", "code"] as const;
    this.names = new BoundedLabel(options.maxOperationNames ?? MAX_OPERATION_NAMES);
    this.requests = new Counter({ name: "graphql_requests_total", help: "GraphQL operations answered, by operation name, type and result code (OK or the first error's code)", labelNames, registers: [registry] });
    this.duration = new Histogram({ name: "graphql_request_duration_seconds", help: "Time to answer a GraphQL operation", labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
  }

  observe(o: GraphqlRequestObservation): void {
    const first = o.errorCodes.length ? (o.errorCodes[0] ?? "INTERNAL_SERVER_ERROR") : null;
    const labels = {
      operation_name: this.names.value(o.operationName),
      operation_type: o.operationType ?? "unknown",
      code: first === null ? "OK" : this.codes.value(first, "INTERNAL_SERVER_ERROR"),
    };
    this.requests.inc(labels);
    this.duration.observe(labels, o.seconds);
  }
}
