import { envBoolean, z } from "@floorgraph/config";

/** Tracing's variables: every process that serves or consumes composes them (gateway, subgraphs, `npm start`). */
export const tracingEnvShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("OTLP/HTTP collector (e.g. `http://localhost:4318`): spans are exported to `<url>/v1/traces`; unset: no tracing at all (no spans, no export)"),
  OTEL_SERVICE_NAME: z.string().min(1).optional().describe("`service.name` of the exported spans; default: the process's name (`floorgraph` for `npm start`)"),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1).describe("share of new traces recorded (0–1); a caller's sampled `traceparent` is always followed"),
  TRACE_RESOLVERS: envBoolean(false).describe("a span per resolver that has code of its own (costly; off: a span per operation)"),
};

const tracingEnv = z.object(tracingEnvShape);

export interface TracingSettings {
  /** The collector's base URL; null: tracing off. */
  endpoint: string | null;
  serviceName: string | null;
  sampleRatio: number;
  resolverSpans: boolean;
}

export function tracingSettingsFrom(env: z.output<typeof tracingEnv>): TracingSettings {
  return {
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
    serviceName: env.OTEL_SERVICE_NAME ?? null,
    sampleRatio: env.OTEL_TRACES_SAMPLER_ARG,
    resolverSpans: env.TRACE_RESOLVERS,
  };
}

/** Tracing off (the default, and tests that do not trace). */
export const TRACING_OFF: TracingSettings = { endpoint: null, serviceName: null, sampleRatio: 1, resolverSpans: false };
