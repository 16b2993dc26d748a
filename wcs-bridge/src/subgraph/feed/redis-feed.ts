import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "@floorgraph/logger";
import { TypedListeners } from "../../bridge/state/listeners.ts";
import { FEED_EVENTS, type FloorFeed, type FloorFeedEvent, type FloorFeedEvents } from "./floor-feed.ts";

const DATE_FIELDS = new Set(["lastSeenAt", "raisedAt", "at"]);
// Renews the lease only while this instance still holds it.
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisFeedOptions {
  url: string;
  logger: Logger;
  /** How long a publisher's lease lasts without renewal: the failover gap when it dies. */
  leaseMs?: number;
  /** Key and channel prefix (one floor per prefix); default "floorgraph:wcs". */
  prefix?: string;
}

/**
 * Floor events through Redis pub/sub, so that any bridge instance can serve any subscriber. One
 * instance at a time (the holder of a lease in Redis, renewed every third of its life) publishes
 * its PLC connection's events; every instance, the publisher included, feeds its subscriptions from
 * the channel. When the publisher dies another instance takes the lease within leaseMs.
 */
export class RedisFloorFeed implements FloorFeed {
  readonly instanceId = randomUUID();
  private readonly listeners = new TypedListeners<FloorFeedEvents>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private unpublish: (() => void)[] = [];
  private holding = false;
  readonly channel: string;
  private readonly leaseKey: string;

  private constructor(private readonly local: FloorFeed, private readonly options: RedisFeedOptions) {
    this.leaseMs = options.leaseMs ?? 3000;
    const prefix = options.prefix ?? "floorgraph:wcs";
    this.channel = `${prefix}:floor-events`;
    this.leaseKey = `${prefix}:publisher`;
    this.publisher = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(options.url, { lazyConnect: true });
  }

  static async start(local: FloorFeed, options: RedisFeedOptions): Promise<RedisFloorFeed> {
    const feed = new RedisFloorFeed(local, options);
    await Promise.all([feed.publisher.connect(), feed.subscriber.connect()]);
    feed.subscriber.on("message", (_channel: string, message: string) => feed.receive(message));
    await feed.subscriber.subscribe(feed.channel);
    await feed.tick();
    feed.timer = setInterval(() => void feed.tick(), Math.max(Math.floor(feed.leaseMs / 3), 100));
    return feed;
  }

  /** Whether this instance is the one publishing (for tests and health). */
  get isPublisher(): boolean {
    return this.holding;
  }

  on<K extends FloorFeedEvent>(event: K, listener: (payload: FloorFeedEvents[K]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.stopPublishing();
    if (this.holding) await this.publisher.eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, this.leaseKey, this.instanceId).catch(() => 0);
    this.holding = false;
    this.listeners.clear();
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  private async tick(): Promise<void> {
    try {
      const held = this.holding
        ? (await this.publisher.eval(RENEW, 1, this.leaseKey, this.instanceId, String(this.leaseMs))) === 1
        : (await this.publisher.set(this.leaseKey, this.instanceId, "PX", this.leaseMs, "NX")) === "OK";
      if (held && !this.holding) this.startPublishing();
      if (!held && this.holding) this.stopPublishing();
      this.holding = held;
    } catch (error) {
      // Without Redis nobody can rely on this instance's lease: stop publishing until it answers.
      this.options.logger.warn({ err: error }, "floor event lease check failed");
      if (this.holding) this.stopPublishing();
      this.holding = false;
    }
  }

  private startPublishing(): void {
    this.options.logger.info({ instanceId: this.instanceId }, "publishing floor events to Redis");
    this.unpublish = FEED_EVENTS.map((event) =>
      this.local.on(event, (payload) => void this.publisher.publish(this.channel, JSON.stringify({ event, payload })).catch(() => 0)),
    );
  }

  private stopPublishing(): void {
    for (const off of this.unpublish) off();
    this.unpublish = [];
  }

  private receive(message: string): void {
    try {
      const { event, payload } = JSON.parse(message, (key, value) => (DATE_FIELDS.has(key) && typeof value === "string" ? new Date(value) : value)) as {
        event: FloorFeedEvent;
        payload: never;
      };
      if (FEED_EVENTS.includes(event)) this.listeners.emit(event, payload);
    } catch (error) {
      this.options.logger.warn({ err: error }, "unreadable floor event from Redis");
    }
  }
}
