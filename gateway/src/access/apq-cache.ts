import { ErrorsAreMissesCache, InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import type { Redis } from "ioredis";

/** In-process automatic persisted queries: bounded by size, least recently used out first. */
export const APQ_MEMORY_BYTES = 16 * 1024 * 1024;

/**
 * Apollo Server's KeyValueCache over ioredis, for automatic persisted queries shared by every
 * gateway instance. Written here (three commands) because Apollo's Keyv adapter would bring Keyv
 * and a second Redis client; entries expire after the APQ ttl, which bounds what Redis keeps. A
 * failing Redis is a cache miss (the client sends the full query again), never a failed request.
 */
class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}
  async get(key: string) {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
    if (options?.ttl) await this.redis.set(this.prefix + key, value, "EX", Math.ceil(options.ttl));
    else await this.redis.set(this.prefix + key, value);
  }
  async delete(key: string) {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}

export function apqCache(redis: Redis | null, prefix: string): KeyValueCache<string> {
  if (!redis) return new InMemoryLRUCache<string>({ maxSize: APQ_MEMORY_BYTES });
  return new ErrorsAreMissesCache(new RedisKeyValueCache(redis, `${prefix}:apq:`));
}
