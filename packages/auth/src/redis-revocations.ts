import { Redis } from "ioredis";
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from "./jwt.ts";
import { isRevocation, type Revocation, type RevocationTransport } from "./revocation.ts";

export interface RedisRevocationOptions {
  url: string;
  /** Key and channel name; default "floorgraph:revocations". */
  key?: string;
  retainMs?: number;
  /** Told when Redis cannot be reached (the list keeps what it has and catches up on reconnect). */
  onError?: (error: Error) => void;
}

/**
 * Revocations through Redis: published on a channel for the processes listening now, and kept in a
 * sorted set (scored by time, trimmed to a token lifetime) for those that start, or reconnect, later.
 */
export class RedisRevocationTransport implements RevocationTransport {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly key: string;
  private readonly retainMs: number;

  constructor(private readonly options: RedisRevocationOptions) {
    this.key = options.key ?? "floorgraph:revocations";
    this.retainMs = options.retainMs ?? (MAX_ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    this.publisher = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(options.url, { lazyConnect: true });
    for (const client of [this.publisher, this.subscriber]) client.on("error", (error: Error) => options.onError?.(error));
  }

  async start(deliver: (revocation: Revocation) => void): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on("message", (_channel: string, message: string) => {
      const parsed = parse(message);
      if (parsed) deliver(parsed);
    });
    // Subscribed before reading the set, so nothing published in between is missed.
    await this.subscriber.subscribe(this.key);
    const catchUp = async () => {
      const members = await this.publisher.zrangebyscore(this.key, Date.now() - this.retainMs, "+inf");
      for (const member of members) {
        const parsed = parse(member);
        if (parsed) deliver(parsed);
      }
    };
    await catchUp();
    // After a dropped connection (ioredis re-subscribes by itself), read what was published meanwhile.
    this.subscriber.on("ready", () => void catchUp().catch((error: Error) => this.options.onError?.(error)));
  }

  async publish(revocation: Revocation): Promise<void> {
    const message = JSON.stringify(revocation);
    await this.publisher
      .multi()
      .zadd(this.key, revocation.at, message)
      .zremrangebyscore(this.key, "-inf", Date.now() - this.retainMs)
      .pexpire(this.key, this.retainMs)
      .publish(this.key, message)
      .exec();
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}

function parse(message: string): Revocation | null {
  try {
    const value: unknown = JSON.parse(message);
    return isRevocation(value) ? value : null;
  } catch {
    return null;
  }
}
