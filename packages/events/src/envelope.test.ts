import { describe, expect, it } from "vitest";
import { decodeEvent, encodeEvent, MalformedEventError, newEvent, topicOf } from "./envelope.ts";

describe("event envelope", () => {
  it("is a CloudEvents 1.0 structured message keyed by the aggregate, and decodes to the same event", () => {
    const event = newEvent({ type: "order.placed", source: "orders", subject: "order-1", data: { lines: [{ skuCode: "SKU-1", quantity: 2 }] } });
    const wire = encodeEvent(event);
    expect(wire.key).toBe("order-1");
    expect(wire.headers["content-type"]).toMatch(/^application\/cloudevents\+json/);
    expect(JSON.parse(wire.value)).toMatchObject({ specversion: "1.0", id: event.id, type: "order.placed", source: "/floorgraph/orders", subject: "order-1" });
    expect(decodeEvent(wire)).toEqual(event);
  });

  it("routes a type to the topic of its first segment", () => {
    expect(topicOf("warehouse.pick_confirmed")).toBe("warehouse.events");
    expect(topicOf("dlq.dead_letter")).toBe("dlq");
    expect(() => topicOf("nonsense.happened")).toThrow(/no topic/);
  });

  it("refuses what is not a domain event", () => {
    expect(() => decodeEvent({ key: "k", value: "plain text", headers: {} })).toThrow(MalformedEventError);
    const noSubject = JSON.stringify({ specversion: "1.0", id: "1", type: "order.placed", source: "/x", time: new Date().toISOString(), data: {} });
    expect(() => decodeEvent({ key: "k", value: noSubject, headers: { "content-type": "application/cloudevents+json" } })).toThrow(/subject/);
  });
});
