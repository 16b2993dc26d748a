import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from "urql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import type { AppConfig } from "./config.ts";

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

/**
 * One urql client per session: queries and mutations over HTTP, subscriptions over graphql-ws on the
 * gateway's URL; both carry the session's token. The gateway closes a socket with 4401 once the
 * token is bad or expired, and answers HTTP 401: either ends the session.
 */
export function createApiClient(config: AppConfig, token: string | null, onAuthLost: () => void): ApiClient {
  const reconnectListeners = new Set<() => void>();
  let connectedBefore = false;
  const ws = createWsClient({
    url: config.wsUrl,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => (event as CloseEvent | undefined)?.code !== 4401,
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    on: {
      connected: () => {
        if (connectedBefore) for (const listener of reconnectListeners) listener();
        connectedBefore = true;
      },
      closed: (event) => {
        if ((event as CloseEvent | undefined)?.code === 4401) onAuthLost();
      },
    },
  });
  const client = new Client({
    url: config.graphqlUrl,
    requestPolicy: "cache-and-network",
    // Apollo Server's CSRF prevention refuses simple GET requests; POST is what every client sends it.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
    exchanges: [
      mapExchange({ onError: (error) => (token && isAuthError(error) ? onAuthLost() : undefined) }),
      cacheExchange,
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
