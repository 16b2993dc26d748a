export interface CoalescingOptions<T> {
  /** Values with the same key coalesce: a newer one replaces the one not yet delivered. */
  key(value: T): string;
  /** Per key, at most one delivery per interval; the first change is delivered at once, the rest coalesce. */
  minIntervalMs: number;
  /** Most keys waiting for a slow consumer; beyond it the stream ends with `overflowError`. */
  maxPending: number;
  overflowError(pending: number): Error;
  /** A value that must not wait out its key's interval (a device's state changed, not just a counter). */
  urgent?(value: T): boolean;
  /** Called once when the stream ends (the consumer returned, or it overflowed): unhook the source. */
  onClose(): void;
  /** Counts what happens to values (the gateway's subscription metrics). */
  counters?: StreamCounters;
}

/** What a queue tells about its values: handed to the consumer, replaced by a newer one, or lost in an overflow. */
export interface StreamCounters {
  delivered(): void;
  coalesced(): void;
  dropped(count: number): void;
}

/**
 * A subscription's event stream that never floods its consumer: per key (a device, a zone) only
 * the latest value waits, and a key is delivered at most once per interval. State streams therefore
 * hold at most one value per device however slow the consumer is; streams of distinct events (new
 * alarms) are bounded by maxPending and end with a clear error beyond it.
 *
 * Written by hand: the Repeater/graphql-yoga helpers buffer by count (dropping or sliding), not by key.
 */
export class CoalescingQueue<T> implements AsyncIterableIterator<T> {
  private readonly ready = new Map<string, T>();
  private readonly delayed = new Map<string, T>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastDelivered = new Map<string, number>();
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private failure: Error | null = null;
  private closed = false;

  constructor(private readonly options: CoalescingOptions<T>) {}

  push(value: T): void {
    if (this.closed) return;
    const key = this.options.key(value);
    if (this.ready.has(key)) {
      this.options.counters?.coalesced();
      return void this.ready.set(key, value);
    }
    const wait = (this.lastDelivered.get(key) ?? -Infinity) + this.options.minIntervalMs - performance.now();
    if (wait > 0 && this.options.urgent?.(value)) {
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      this.delayed.delete(key);
      return this.enqueue(key, value);
    }
    if (wait > 0) {
      if (this.delayed.has(key)) this.options.counters?.coalesced();
      this.delayed.set(key, value);
      if (!this.timers.has(key)) {
        const timer = setTimeout(() => {
          this.timers.delete(key);
          const latest = this.delayed.get(key);
          this.delayed.delete(key);
          if (latest !== undefined) this.enqueue(key, latest);
        }, wait);
        this.timers.set(key, timer);
      }
      return;
    }
    this.enqueue(key, value);
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.ready.entries().next();
    if (!first.done) {
      const [key, value] = first.value;
      this.ready.delete(key);
      this.lastDelivered.set(key, performance.now());
      this.options.counters?.delivered();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Keys waiting for the consumer (for tests and metrics). */
  get pending(): number {
    return this.ready.size + this.delayed.size;
  }

  private enqueue(key: string, value: T): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      this.lastDelivered.set(key, performance.now());
      this.options.counters?.delivered();
      return resolve({ value, done: false });
    }
    this.ready.set(key, value);
    if (this.ready.size > this.options.maxPending) {
      this.failure = this.options.overflowError(this.ready.size);
      this.options.counters?.dropped(this.ready.size);
      this.ready.clear();
      this.close();
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.delayed.clear();
    this.options.onClose();
    // Overflow only happens with nobody waiting, so a waiting consumer just sees the end.
    const resolve = this.waiting;
    this.waiting = null;
    resolve?.({ value: undefined, done: true });
  }
}
