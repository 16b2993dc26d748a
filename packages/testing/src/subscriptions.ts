import { createClient as createSseClient } from "graphql-sse";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { signRequestBody, socketSignaturePayload } from "@floorgraph/auth";
import type { GraphQLResponse } from "./graphql.ts";
import { TEST_SIGNING_SECRET } from "./tokens.ts";

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

interface Sink<T> {
  next(value: unknown): void;
  error(errors: unknown): void;
  complete(): void;
}

/** Collects a stream's events and lets a test wait for the next matching one. */
function collector<T>(): { sink: Sink<T>; subscription(stop: () => void): TestSubscription<T> } {
  const events: GraphQLResponse<T>[] = [];
  let taken = 0;
  let done = false;
  let wake: () => void = () => {};
  let endedWith: (value: { errors?: unknown }) => void = () => {};
  const ended = new Promise<{ errors?: unknown }>((resolve) => (endedWith = resolve));
  const finish = (value: { errors?: unknown }) => {
    done = true;
    endedWith(value);
    wake();
  };
  const sink: Sink<T> = {
    next: (value) => {
      events.push({ status: 200, ...(value as Omit<GraphQLResponse<T>, "status">) });
      wake();
    },
    error: (errors) => finish({ errors }),
    complete: () => finish({}),
  };
  return {
    sink,
    subscription: (stop) => ({
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
    }),
  };
}

/** connection_init params signed as the gateway signs its sockets to subgraphs. */
export function signedConnectionParams(token: string | undefined, secret: string = TEST_SIGNING_SECRET): Record<string, string> {
  const authorization = token ? `Bearer ${token}` : undefined;
  return { ...(authorization ? { authorization } : {}), signature: signRequestBody(socketSignaturePayload(authorization), secret) };
}

/** A graphql-ws client straight to a subgraph, signed like the gateway's (with the test secret, or `secret`). */
export function signedWsClient(httpUrl: string, token?: string, secret: string = TEST_SIGNING_SECRET): TestSocket {
  return wsClient(httpUrl, token, signedConnectionParams(token, secret));
}

/** A real graphql-ws client (no retries, so a refused socket shows as it is), for tests. */
export function wsClient(httpUrl: string, token?: string, connectionParams?: Record<string, unknown>): TestSocket {
  let onClosed: (event: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
    on: { closed: (event) => onClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  return {
    closed,
    subscribe<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): TestSubscription<T> {
      const { sink, subscription } = collector<T>();
      return subscription(client.subscribe<T>({ query, variables }, sink));
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** A GraphQL-over-SSE subscription (graphql-sse, distinct connections), collecting events like TestSubscription. */
export function sseSubscribe<T = Record<string, any>>(httpUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): TestSubscription<T> {
  const client = createSseClient({ url: httpUrl, singleConnection: false, retryAttempts: 0, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const { sink, subscription } = collector<T>();
  const stop = client.subscribe<T>({ query, variables }, sink);
  return subscription(() => {
    stop();
    client.dispose();
  });
}
