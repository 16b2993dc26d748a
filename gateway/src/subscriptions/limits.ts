import { GraphQLError, type ExecutionResult } from "graphql";
import { LimitCode } from "@floorgraph/errors";
import type { Caller } from "../pipeline/caller.ts";

export interface SocketLimits {
  /** Largest WebSocket message accepted; a larger one closes the socket with 1009 unread. */
  maxMessageBytes: number;
  maxSubscriptionsPerSocket: number;
  /** Across all of a principal's sockets and SSE streams. */
  maxSubscriptionsPerPrincipal: number;
  /** Open WebSockets per client address; the next upgrade is answered HTTP 429. */
  maxSocketsPerAddress: number;
  /** A socket that has not sent connection_init by then is closed with 4408. */
  connectionInitTimeoutMs: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxMessageBytes: 1_000_000,
  maxSubscriptionsPerSocket: 50,
  maxSubscriptionsPerPrincipal: 200,
  maxSocketsPerAddress: 50,
  connectionInitTimeoutMs: 3_000,
};

/** Who a subscription counts against: the user (or API key) behind a verified token, else the token, else the client's address. */
export function principalOf(caller: Caller, address: string): string {
  if (caller.identity) return `user:${caller.identity.userId}`;
  if (caller.scope.token) return caller.scope.key;
  return `address:${address}`;
}

/** Counts held by key (principal, address) under one maximum. */
export class Counter {
  private readonly counts = new Map<string, number>();
  constructor(readonly max: number) {}

  /** Takes one for the key: a function giving it back (once), or null when the key is at the maximum. */
  acquire(key: string): (() => void) | null {
    const held = this.counts.get(key) ?? 0;
    if (held >= this.max) return null;
    this.counts.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  held(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export const tooManySubscriptions = (message: string): ExecutionResult => ({
  errors: [new GraphQLError(message, { extensions: { code: LimitCode.TOO_MANY_SUBSCRIPTIONS } })],
});

/**
 * Starts a subscription under the given counters (all must have room; each is taken for as long as
 * the stream lives and given back when it ends, however it ends). A refusal is the subscription's
 * only result, a TOO_MANY_SUBSCRIPTIONS error: the socket stays open for the others.
 */
export async function limitedSubscription<T>(
  slots: { counter: Counter; key: string; what: string }[],
  start: () => Promise<AsyncIterableIterator<T> | ExecutionResult>,
): Promise<AsyncIterableIterator<T> | ExecutionResult> {
  const releases: (() => void)[] = [];
  const releaseAll = () => releases.forEach((release) => release());
  for (const { counter, key, what } of slots) {
    const release = counter.acquire(key);
    if (!release) {
      releaseAll();
      return tooManySubscriptions(`At most ${counter.max} subscriptions may be open ${what}; end one before starting another`);
    }
    releases.push(release);
  }
  let stream: AsyncIterableIterator<T> | ExecutionResult;
  try {
    stream = await start();
  } catch (error) {
    releaseAll();
    throw error;
  }
  if (!(Symbol.asyncIterator in stream)) {
    releaseAll();
    return stream;
  }
  return releasing(stream, releaseAll);
}

/** The iterator with `release` called once when it ends: completed, failed or returned by its consumer. */
function releasing<T>(inner: AsyncIterableIterator<T>, release: () => void): AsyncIterableIterator<T> {
  const outer: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => outer,
    async next() {
      try {
        const step = await inner.next();
        if (step.done) release();
        return step;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return(value?: unknown) {
      release();
      return inner.return ? inner.return(value) : { done: true, value: value as T };
    },
    async throw(error?: unknown) {
      release();
      if (inner.throw) return inner.throw(error);
      throw error;
    },
  };
  return outer;
}
