import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import { Agent, fetch as undiciFetch } from "undici";
import type { GatewayContext } from "./context.ts";

/**
 * One keep-alive connection pool shared by all subgraph fetches: a query plan's fetches reuse warm
 * connections instead of paying a TCP handshake each. Idle sockets close before the subgraphs' own
 * keep-alive timeout (65 s), so the gateway never writes to a socket the server is closing.
 */
export function createSubgraphFetcher(timeoutMs: number): { fetcher: Fetcher; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 128, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const fetcher = ((url: string, init?: Record<string, unknown>) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}

/** Passes the caller's forwarded headers (identity, request id) to each subgraph request. */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const forwarded = (context as Partial<GatewayContext>).forwarded;
    if (!forwarded || !request.http) return;
    for (const [name, value] of Object.entries(forwarded)) request.http.headers.set(name, value);
  }
}
