import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Fetcher, FetcherRequestInit } from "@apollo/utils.fetcher";
import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import { Agent, fetch as undiciFetch } from "undici";
import { LimitCode } from "@floorgraph/errors";
import { operationSignal } from "./budget/operation-budget.ts";
import type { GatewayContext } from "./context.ts";

/**
 * One keep-alive connection pool shared by all subgraph fetches: a query plan's fetches reuse warm
 * connections instead of paying a TCP handshake each. Idle sockets close before the subgraphs' own
 * keep-alive timeout (65 s), so the gateway never writes to a socket the server is closing.
 * A subgraph answer larger than maxResponseBytes is cut off while it arrives (undici's
 * maxResponseSize), so one huge answer cannot fill the gateway's memory; a fetch made for an
 * operation that was abandoned (its deadline passed) is aborted.
 */
export function createSubgraphFetcher(timeoutMs: number, maxResponseBytes: number): { fetcher: Fetcher; close(): Promise<void> } {
  const agent = new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: maxResponseBytes,
  });
  const fetcher = ((url: string, init?: Record<string, unknown>) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent, signal: operationSignal.getStore() })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}

const GATEWAY_STATUSES = new Set([502, 503, 504]);

interface HttpAnswer {
  status?: number;
  body?: unknown;
}

/** The GraphQL errors in a subgraph's non-2xx answer (e.g. a 400 for a variable it refused), if it is one. */
function graphqlErrors(body: unknown): GraphQLFormattedError[] | null {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors.every((e) => typeof (e as { message?: unknown } | null)?.message === "string") ? (errors as GraphQLFormattedError[]) : null;
}

/**
 * Passes the caller's forwarded headers (identity, request id) to each subgraph request and signs it
 * (subgraphs answer only signed requests). A subgraph that answered, whatever the HTTP status, gives
 * its own errors with their codes (a 400 for bad input stays BAD_USER_INPUT with its field); only one
 * that cannot be reached (network failure, timeout, 502/503/504) is UNAVAILABLE (retry later).
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    signingSecret: string,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
    // RemoteGraphQLDataSource serialises the body itself (a private step) and hands the string to
    // its fetcher: signing there signs exactly the bytes that go on the wire.
    const send = this.fetcher;
    this.fetcher = (url: string, init?: FetcherRequestInit) => {
      if (typeof init?.body !== "string") return send(url, init);
      return send(url, { ...init, headers: { ...init.headers, [SIGNATURE_HEADER]: signRequestBody(init.body, signingSecret) } });
    };
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>["process"]> {
    try {
      return await super.process(options);
    } catch (error) {
      if (exceededMaxSize(error)) {
        throw new GraphQLError(`The ${this.subgraphName} service's answer is larger than the gateway accepts; ask for fewer items or fields`, {
          extensions: { code: LimitCode.RESPONSE_TOO_LARGE },
        });
      }
      // @apollo/gateway is CommonJS and throws the CommonJS build's GraphQLError, which is not the
      // class this ES module imports: recognise its HTTP answer by shape, not by instanceof.
      const answer = (error as { extensions?: { response?: HttpAnswer } } | null)?.extensions?.response;
      if (answer && !GATEWAY_STATUSES.has(answer.status ?? 0)) {
        const errors = graphqlErrors(answer.body);
        if (errors) return { errors };
        throw error; // a non-GraphQL answer: an internal error (401/403 keep the codes the gateway gave them)
      }
      (options.context as Partial<GatewayContext>).logger?.warn({ err: error, subgraph: this.subgraphName }, "subgraph unreachable");
      throw new GraphQLError(`The ${this.subgraphName} service is unavailable; try again shortly`, { extensions: { code: "UNAVAILABLE" } });
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const forwarded = (context as Partial<GatewayContext>).forwarded;
    if (!forwarded || !request.http) return;
    for (const [name, value] of Object.entries(forwarded)) request.http.headers.set(name, value);
  }
}

/** undici's error for an answer over maxResponseSize, thrown by fetch or (mid-body) as a read's cause. */
function exceededMaxSize(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") return true;
  }
  return false;
}
