import type { WireMessage } from "./envelope.ts";

export interface TopicMessages {
  /** Logical topic name (without the bus's prefix). */
  topic: string;
  messages: readonly WireMessage[];
}

export interface ReceivedMessage extends WireMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface SubscribeOptions {
  /** The consumer group: each group sees every message once (at least once on failures). */
  group: string;
  /** Logical topic names (without the bus's prefix). */
  topics: readonly string[];
  /**
   * Resolving acknowledges the message; rejecting leaves it unacknowledged, and it is delivered
   * again (after a pause) before anything later in its partition.
   */
  handle(message: ReceivedMessage): Promise<void>;
}

export interface BusSubscription {
  stop(): Promise<void>;
}

/** What the outbox relay publishes to and consumers read from: Kafka, or an in-process stand-in. */
export interface EventBus {
  readonly kind: "in-process" | "kafka";
  /**
   * Resolves once the bus holds the messages (Kafka: acknowledged by all in-sync replicas), in
   * one request however many topics; within a topic the messages keep their order.
   */
  publish(batches: readonly TopicMessages[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  /** Messages on the group's topics it has not acknowledged yet (consumer lag). */
  lag(group: string, topics: readonly string[]): Promise<number>;
  close(): Promise<void>;
}
