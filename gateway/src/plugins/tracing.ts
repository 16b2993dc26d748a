import type { Fetcher } from "@apollo/utils.fetcher";
import { clientSpan, inSpan, recordFailure, SpanKind, traceHeaders, tracingEnabled } from "@floorgraph/tracing";
import type { AroundFetch } from "../execution/batcher.ts";

const attributes = (subgraph: string) => ({ "floorgraph.subgraph": subgraph, "http.request.method": "POST", "floorgraph.service": "gateway" });

/**
 * @apollo/gateway's subgraph fetches (GATEWAY_EXECUTOR=apollo): a client span per fetch, under
 * @apollo/gateway's own `gateway.fetch` span, with the W3C trace context added to the request's
 * headers so the subgraph's spans join the trace. Tracing off: the fetcher as it is.
 */
export function tracedFetcher(subgraph: string, fetcher: Fetcher): Fetcher {
  return (url, init) => {
    if (!tracingEnabled()) return fetcher(url, init);
    return clientSpan("gateway", `subgraph ${subgraph}`, attributes(subgraph), (headers) => fetcher(url, { ...init, headers: { ...init?.headers, ...headers } }));
  };
}

/** The floorgraph executor's subgraph requests (GATEWAY_EXECUTOR=floorgraph): the same span and headers. */
export const tracedSubgraphRequest: AroundFetch = (subgraph, send) =>
  inSpan("gateway", `subgraph ${subgraph}`, { kind: SpanKind.CLIENT, attributes: attributes(subgraph) }, async (span) => {
    const response = await send(traceHeaders());
    // The executor answers an unreachable subgraph with an UNAVAILABLE error rather than throwing.
    const unavailable = response.errors?.find((e) => e.extensions?.code === "UNAVAILABLE");
    if (span && unavailable) recordFailure(span, new Error(unavailable.message));
    return response;
  });

/** The floorgraph executor's run of an operation's plan, as @apollo/gateway's `gateway.execute` span. */
export function tracedExecution<T>(fn: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return fn();
  return inSpan("gateway", "gateway.execute", { attributes: { "floorgraph.executor": "floorgraph", "floorgraph.service": "gateway" } }, fn);
}
