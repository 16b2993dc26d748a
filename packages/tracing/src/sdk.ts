import { context, propagation, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import type { TracingSettings } from "./config.ts";
import { setTracingState } from "./state.ts";

export { tracingEnvShape, tracingSettingsFrom, TRACING_OFF, type TracingSettings } from "./config.ts";

export interface Tracing {
  /** Whether this process records spans (an endpoint or an exporter was given). */
  readonly enabled: boolean;
  /** Where spans go: "otlp" (OTEL_EXPORTER_OTLP_ENDPOINT), "given" (a test's exporter), or nowhere. */
  readonly exports: readonly ("otlp" | "given")[];
  /** Exports the spans still buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered and turns tracing off in this process. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, exports: [], flush: async () => undefined, shutdown: async () => undefined };

export interface TracingExtras {
  /** Spans also go here, one by one as they end (tests: an InMemorySpanExporter). */
  exporter?: SpanExporter;
}

/**
 * Sets up OpenTelemetry for the process, once, at start: a tracer provider with W3C trace context
 * propagation, AsyncLocalStorage context, Prisma's spans (@prisma/instrumentation), and the OTLP/HTTP
 * exporter when an endpoint is set. Without an endpoint (and no exporter given) nothing is
 * registered: the OpenTelemetry API stays a no-op and instrumented code skips its work.
 */
export function startTracing(settings: TracingSettings, processName: string, extras: TracingExtras = {}): Tracing {
  const processors: SpanProcessor[] = [];
  const exports: ("otlp" | "given")[] = [];
  if (settings.endpoint) {
    const url = `${settings.endpoint.replace(/\/+$/, "")}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
    exports.push("otlp");
  }
  if (extras.exporter) {
    processors.push(new SimpleSpanProcessor(extras.exporter));
    exports.push("given");
  }
  if (!processors.length) return OFF;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName ?? processName }),
    // A caller's decision (its traceparent's sampled flag) is followed; new traces by the ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: processors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  // Prisma's client reports its operations and SQL queries to this provider (driver adapters included).
  const prisma = new PrismaInstrumentation({ ignoreSpanTypes: ["prisma:client:serialize"] });
  prisma.setTracerProvider(provider);
  prisma.enable();
  setTracingState({ enabled: true, resolverSpans: settings.resolverSpans });
  let stopped = false;
  return {
    enabled: true,
    exports,
    flush: () => provider.forceFlush(),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      setTracingState({ enabled: false, resolverSpans: false });
      prisma.disable();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
