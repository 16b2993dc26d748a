import { randomUUID } from "node:crypto";
import { CloudEvent, Kafka, type CloudEventV1 } from "cloudevents";
import { discoverSubgraphs, topicsOf } from "@floorgraph/manifests";
import { traceExtension } from "./trace-context.ts";

/**
 * The topics of the system: those the subgraph manifests say they produce, and the dead letters.
 * An event's topic is named after its type's first segment.
 */
export const TOPICS: readonly string[] = topicsOf(discoverSubgraphs());
export type Topic = string;

/**
 * A domain event in its CloudEvents 1.0 envelope. `subject` is the aggregate the event is about
 * (an order id, a wave id); `partitionkey` keeps one aggregate's events in one partition, in order.
 */
export interface DomainEvent<T = unknown> {
  specversion: "1.0";
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: "application/json";
  /** The URI of the payload's JSON Schema (the producer's contract, see contract.ts). */
  dataschema?: string;
  partitionkey: string;
  /** W3C trace context of the span that emitted it (CloudEvents distributed-tracing extension); absent while tracing is off. */
  traceparent?: string;
  tracestate?: string;
  data: T;
}

/** What travels on the bus: the CloudEvents Kafka binding's structured message. */
export interface WireMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export class MalformedEventError extends Error {}

export function topicOf(type: string): Topic {
  const topic = `${type.split(".")[0]}.events`;
  if (type.startsWith("dlq.")) return "dlq";
  if (!TOPICS.includes(topic)) throw new Error(`no topic for event type ${type}`);
  return topic;
}

export interface NewEvent<T> {
  type: string;
  /** The service that emits it, e.g. "orders"; becomes the source /floorgraph/orders. */
  source: string;
  subject: string;
  data: T;
  /** Defaults to the subject. */
  key?: string;
  id?: string;
  time?: Date;
  dataschema?: string;
}

/** Builds and validates (CloudEvents SDK) an event envelope. */
export function newEvent<T>(input: NewEvent<T>): DomainEvent<T> {
  const event: DomainEvent<T> = {
    specversion: "1.0",
    id: input.id ?? randomUUID(),
    type: input.type,
    source: `/floorgraph/${input.source}`,
    subject: input.subject,
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: "application/json",
    ...(input.dataschema ? { dataschema: input.dataschema } : {}),
    partitionkey: input.key ?? input.subject,
    ...traceExtension(),
    data: input.data,
  };
  new CloudEvent<T>(event as unknown as CloudEventV1<T>).validate();
  return event;
}

export function encodeEvent(event: DomainEvent): WireMessage {
  const message = Kafka.structured(new CloudEvent(event as unknown as CloudEventV1<unknown>));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (value !== undefined) headers[name] = String(value);
  // Also as a Kafka header (W3C trace context for Kafka), readable without parsing the body.
  if (event.traceparent) headers.traceparent = event.traceparent;
  return { key: String(message.key ?? event.partitionkey), value: String(message.body), headers };
}

/** Parses a structured CloudEvents message; throws MalformedEventError for anything else. */
export function decodeEvent(message: WireMessage): DomainEvent {
  let parsed: CloudEventV1<unknown>;
  try {
    const kafkaMessage = { key: message.key, value: message.value, headers: message.headers, body: message.value };
    const event = Kafka.toEvent(kafkaMessage as Parameters<typeof Kafka.toEvent>[0]);
    parsed = (Array.isArray(event) ? event[0] : event) as CloudEventV1<unknown>;
  } catch (error) {
    throw new MalformedEventError(`not a CloudEvents message: ${(error as Error).message}`);
  }
  if (!parsed?.id || !parsed.type || !parsed.subject || parsed.data === undefined) {
    throw new MalformedEventError("a domain event needs id, type, subject and data");
  }
  return {
    specversion: "1.0",
    id: parsed.id,
    type: parsed.type,
    source: parsed.source,
    subject: parsed.subject,
    time: parsed.time ?? new Date().toISOString(),
    datacontenttype: "application/json",
    ...(parsed.dataschema ? { dataschema: parsed.dataschema } : {}),
    partitionkey: String(parsed.partitionkey ?? message.key),
    ...traceContextOf(parsed, message),
    data: typeof parsed.data === "string" ? JSON.parse(parsed.data) : parsed.data,
  };
}

/** The trace context an event carries: its CloudEvents extension, else the Kafka header. */
function traceContextOf(parsed: CloudEventV1<unknown>, message: WireMessage): Pick<DomainEvent, "traceparent" | "tracestate"> {
  const traceparent = typeof parsed.traceparent === "string" ? parsed.traceparent : message.headers.traceparent;
  if (!traceparent) return {};
  return { traceparent, ...(typeof parsed.tracestate === "string" ? { tracestate: parsed.tracestate } : {}) };
}
