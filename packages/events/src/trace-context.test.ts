import { trace } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { inSpan } from "@floorgraph/tracing";
import { startMemoryTracing } from "@floorgraph/tracing/testing";
import { decodeEvent, encodeEvent, newEvent } from "./envelope.ts";
import { inEventSpan } from "./trace-context.ts";

const tracing = startMemoryTracing();
afterAll(() => tracing.shutdown());

const placed = () => newEvent({ type: "order.placed", source: "orders", subject: "order-1", data: { lines: [] } });

describe("trace context in the event envelope", () => {
  it("carries the emitting span's traceparent in the CloudEvents extension and the Kafka headers, through encode and decode", async () => {
    const { event, traceId, spanId } = await inSpan("orders", "placeOrder", {}, async (span) => ({ event: placed(), traceId: span!.spanContext().traceId, spanId: span!.spanContext().spanId }));
    expect(event.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    const wire = encodeEvent(event);
    expect(JSON.parse(wire.value).traceparent).toBe(event.traceparent);
    expect(wire.headers.traceparent).toBe(event.traceparent);
    expect(decodeEvent(wire)).toEqual(event);
    // A message whose body lost the extension still continues the trace from its header.
    const body = JSON.parse(wire.value);
    delete body.traceparent;
    expect(decodeEvent({ ...wire, value: JSON.stringify(body) }).traceparent).toBe(event.traceparent);
  });

  it("has none outside a span", () => {
    const event = placed();
    expect(event.traceparent).toBeUndefined();
    expect(encodeEvent(event).headers.traceparent).toBeUndefined();
  });

  it("handles an event in a consumer span of its trace, and what the handler emits continues it", async () => {
    const received = await inSpan("orders", "placeOrder", {}, async () => decodeEvent(encodeEvent(placed())));
    tracing.reset();
    const emitted = await inEventSpan("inventory", "order.events", received, async () => {
      expect(trace.getActiveSpan()?.spanContext().traceId).toBe(received.traceparent?.split("-")[1]);
      return newEvent({ type: "inventory.reserved", source: "inventory", subject: "order-1", data: {} });
    });
    const [span] = tracing.spans();
    expect(span?.name).toBe("order.placed process");
    expect(span?.parentSpanContext?.spanId).toBe(received.traceparent?.split("-")[2]);
    expect(emitted.traceparent).toBe(`00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`);
  });
});
