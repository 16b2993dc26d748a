import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from "urql";
import { persistedExchange } from "@urql/exchange-persisted";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import type { AppConfig } from "./config.ts";
import type { SessionAuth } from "./session.tsx";

export interface ApiClient {
  config: AppConfig;
  client: Client;
  ws: WsClient;
  /** Calls back after the WebSocket came back from a drop, when missed changes must be fetched again. */
  onReconnected(listener: () => void): () => void;
  dispose(): void;
}

/** The gateway's answer for a missing, bad or expired token, over HTTP or as a GraphQL error. */
export const isAuthError = (error: CombinedError) =>
  (error.response as Response | undefined)?.status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED");

/** Signed out: no token, nothing to refresh. */
const ANONYMOUS: SessionAuth = { token: () => null, refresh: async () => false, settled: async () => undefined, lost: () => undefined };

/**
 * One urql client per signed-in user: queries (as automatic persisted queries) and mutations over HTTP, subscriptions over graphql-ws
 * on the gateway's URL; both carry the session's current token, which is refreshed underneath. When
 * the gateway refuses the token (HTTP 401, socket closed with 4401: expired or revoked) the session
 * refreshes once; if the gateway refuses that too, the session ends.
 */
export function createApiClient(config: AppConfig, auth: SessionAuth = ANONYMOUS): ApiClient {
  const reconnectListeners = new Set<() => void>();
  let connectedBefore = false;
  /** Refreshes after a refusal; gives the session up when no fresh token comes of it. */
  const recover = async (): Promise<boolean> => {
    const ok = await auth.refresh();
    if (!ok && auth.token()) auth.lost();
    return ok;
  };
  /** The token the socket authenticated with. */
  let socketToken: string | null = null;
  const ws = createWsClient({
    url: config.wsUrl,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    // A socket closed with 4401 comes back once the session has a fresh token (or not at all: the
    // session then ends and this client is disposed).
    shouldRetry: (event) => (event as CloseEvent | undefined)?.code !== 4401 || auth.token() !== null,
    connectionParams: async () => {
      await auth.settled();
      const token = auth.token();
      socketToken = token;
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: () => {
        if (connectedBefore) for (const listener of reconnectListeners) listener();
        connectedBefore = true;
      },
      closed: (event) => {
        // A socket opened with a token refreshed since (it expired on the socket) just reconnects.
        if ((event as CloseEvent | undefined)?.code === 4401 && auth.token() && auth.token() === socketToken) void recover();
      },
    },
  });
  // A refused HTTP operation runs again once with a refreshed token (one refresh however many were
  // refused with the same token); refused again, the session ends.
  const recoveries = new Map<string, Promise<boolean>>();
  const retried = new Set<number>();
  const client = new Client({
    url: config.graphqlUrl,
    requestPolicy: "cache-and-network",
    // Apollo Server's CSRF prevention refuses simple GET requests; POST is what every client sends it.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const token = auth.token();
      return { headers: token ? { authorization: `Bearer ${token}` } : {} };
    },
    exchanges: [
      mapExchange({
        onError: (error, operation) => {
          const token = auth.token();
          if (!token || !isAuthError(error)) return;
          if (retried.delete(operation.key)) return auth.lost();
          let recovery = recoveries.get(token);
          if (!recovery) recoveries.set(token, (recovery = recover()));
          void recovery.then((ok) => {
            if (!ok) return;
            retried.add(operation.key);
            client.reexecuteOperation(operation);
          });
        },
        onResult: (result) => {
          if (!result.error) retried.delete(result.operation.key);
        },
      }),
      cacheExchange,
      // Automatic persisted queries: a query goes as its SHA-256 first, with its text only when the
      // gateway does not know it yet (PersistedQueryNotFound). POST, as above.
      persistedExchange({ preferGetForPersistedQueries: false }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });
  return {
    config,
    client,
    ws,
    onReconnected(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    dispose: () => void ws.dispose(),
  };
}
