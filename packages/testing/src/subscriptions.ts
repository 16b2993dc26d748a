import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import type { GraphQLResponse } from "./graphql.ts";

export interface TestSubscription<T> {
  /** Every event received so far, in order. */
  readonly events: GraphQLResponse<T>[];
  /** Waits for the next not-yet-taken event that matches (any, by default). */
  next(match?: (event: GraphQLResponse<T>) => boolean, timeoutMs?: number): Promise<GraphQLResponse<T>>;
  /** Resolves when the server ends the stream: with the errors it ended with, if any. */
  readonly ended: Promise<{ errors?: unknown }>;
  stop(): void;
}

export interface TestSocket {
  subscribe<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): TestSubscription<T>;
  /** Resolves with the close code and reason once the socket closes (for auth tests). */
  readonly closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client (no retries, so a refused socket shows as it is), for tests. */
export function wsClient(httpUrl: string, token?: string): TestSocket {
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: { closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    closed,
    subscribe<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): TestSubscription<T> {
      const events: GraphQLResponse<T>[] = [];
      let taken = 0;
      let done = false;
      let wake: () => void = () => {};
      let endedWith: (value: { errors?: unknown }) => void = () => {};
      const ended = new Promise<{ errors?: unknown }>((resolve) => (endedWith = resolve));
      const stop = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            events.push({ status: 200, ...(value as Omit<GraphQLResponse<T>, "status">) });
            wake();
          },
          error: (errors) => {
            done = true;
            endedWith({ errors });
            wake();
          },
          complete: () => {
            done = true;
            endedWith({});
            wake();
          },
        },
      );
      return {
        events,
        ended,
        stop,
        async next(match: (event: GraphQLResponse<T>) => boolean = () => true, timeoutMs = 10_000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            while (taken < events.length) {
              const event = events[taken++] as GraphQLResponse<T>;
              if (match(event)) return event;
            }
            if (done) throw new Error(`the stream ended before a matching event (received ${events.length})`);
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms (received ${events.length})`);
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, left);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
        },
      };
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}
