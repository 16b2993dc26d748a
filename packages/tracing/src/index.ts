// The instrumentation side of tracing: only @opentelemetry/api, a no-op until a process calls
// startTracing (@floorgraph/tracing/sdk). Libraries and services import this; main files the SDK.
export { tracingEnabled } from "./state.ts";
export { clientSpan, contextFrom, inSpan, recordFailure, SpanKind, traceHeaders, traceLogFields, tracer, type SpanOptions } from "./spans.ts";
export { traceHttpRequests } from "./http.ts";
export { graphqlTracing } from "./graphql.ts";
export { tracingEnvShape, tracingSettingsFrom, TRACING_OFF, type TracingSettings } from "./config.ts";
