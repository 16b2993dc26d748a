import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";
import { tracingEnabled } from "./state.ts";

export { SpanKind };

/** The tracer of one part of the system (its instrumentation scope), e.g. "orders" or "gateway". */
export const tracer = (part: string) => trace.getTracer(`@floorgraph/${part}`);

/** Marks a span failed with the error (its message only: no stack, no user data). */
export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? { name: error.name, message: error.message } : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent (e.g. the context an event carried); the active context when absent. */
  parent?: Context;
}

/**
 * Runs fn in a new span that is active meanwhile (its work and the events it emits are its
 * children), ending it when fn settles. With tracing off fn runs as it is.
 */
export function inSpan<T>(part: string, name: string, options: SpanOptions, fn: (span: Span | null) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return fn(null);
  const parent = options.parent ?? context.active();
  return tracer(part).startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * A client span around an outgoing request: `send` gets the headers that carry the span's context
 * (W3C `traceparent`, `tracestate`) to add to the request. With tracing off it gets none.
 */
export function clientSpan<T>(part: string, name: string, attributes: Attributes, send: (headers: Record<string, string>) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return send({});
  return inSpan(part, name, { kind: SpanKind.CLIENT, attributes }, () => send(traceHeaders()));
}

/** The W3C trace context headers of the active span (none while tracing is off). */
export function traceHeaders(active: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (tracingEnabled()) propagation.inject(active, carrier);
  return carrier;
}

/** The context a carrier (incoming headers, an event's envelope) continues; the root when it carries none. */
export function contextFrom(carrier: Record<string, unknown>): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The active trace's ids for a log line (pino mixin); none outside a recorded span. */
export function traceLogFields(): { traceId: string; spanId: string } | Record<string, never> {
  if (!tracingEnabled()) return {};
  const span = trace.getSpanContext(context.active());
  return span ? { traceId: span.traceId, spanId: span.spanId } : {};
}
