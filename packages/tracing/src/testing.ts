import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { TRACING_OFF } from "./config.ts";
import { startTracing, type Tracing } from "./sdk.ts";

export type { ReadableSpan };

/** Tracing into memory for tests: every span of the process, as it ends. */
export function startMemoryTracing(options: { resolverSpans?: boolean } = {}): Tracing & { spans(): ReadableSpan[]; reset(): void } {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ ...TRACING_OFF, resolverSpans: options.resolverSpans ?? false }, "floorgraph-test", { exporter });
  return { ...tracing, spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset() };
}
