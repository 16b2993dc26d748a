export { createMetricsRegistry, metricsText, METRICS_CONTENT_TYPE, Registry } from "./registry.ts";
export { BoundedLabel } from "./labels.ts";
export { GraphqlRequestMetrics, LATENCY_BUCKETS, MAX_OPERATION_NAMES, type GraphqlRequestObservation } from "./graphql.ts";
export { graphqlMetricsPlugin } from "./apollo.ts";
export { Readiness, liveHandler, readyHandler, CHECK_TIMEOUT_MS, type ReadinessCheck, type ReadinessReport, type CheckState } from "./health.ts";
export { metricsHandler, serveMetrics, type MetricsServer } from "./http.ts";
export { Counter, Gauge, Histogram } from "prom-client";
export { createServiceMetrics, type ServiceMetrics } from "./service.ts";
