import { contextFrom, inSpan, SpanKind, traceHeaders } from "@floorgraph/tracing";
import type { DomainEvent } from "./envelope.ts";

/**
 * The CloudEvents distributed-tracing extension (`traceparent`, `tracestate`) of the span active
 * where an event is made: an order's events continue its request's trace. Nothing while tracing is off.
 */
export function traceExtension(): Pick<DomainEvent, "traceparent" | "tracestate"> {
  const headers = traceHeaders();
  if (!headers.traceparent) return {};
  return { traceparent: headers.traceparent, ...(headers.tracestate ? { tracestate: headers.tracestate } : {}) };
}

/**
 * Runs a consumer's handling of an event in a consumer span that continues the event's trace (its
 * `traceparent`), whatever context the bus delivered it in: the events its handler emits carry
 * that span on. An event without one starts a trace of its own.
 */
export function inEventSpan<T>(consumer: string, topic: string, event: DomainEvent, fn: () => Promise<T>): Promise<T> {
  return inSpan(
    consumer,
    `${event.type} process`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFrom({ ...(event.traceparent ? { traceparent: event.traceparent } : {}), ...(event.tracestate ? { tracestate: event.tracestate } : {}) }),
      attributes: {
        "messaging.operation.type": "process",
        "messaging.destination.name": topic,
        "messaging.consumer.group.name": consumer,
        "messaging.message.id": event.id,
        "cloudevents.event_type": event.type,
        "cloudevents.event_subject": event.subject,
        "floorgraph.service": consumer,
      },
    },
    fn,
  );
}
