import { SIGNATURE_HEADER } from "@floorgraph/auth";
import { DomainError, ErrorCode, unavailable } from "@floorgraph/errors";
import { traceHeaders } from "@floorgraph/tracing";
import type { RequestContext } from "./context.ts";

interface PeerError {
  message: string;
  extensions?: { code?: string; field?: unknown };
}

/** Statuses that mean the peer (or a proxy before it) could not answer: worth a retry later. */
const UNREACHABLE_STATUSES = new Set([502, 503, 504]);
/** A peer's verdict with one of these codes is about the caller's request, so it is the caller's answer too. */
const PASSED_ON = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));

/**
 * Calls a sibling subgraph's GraphQL endpoint on behalf of the current caller (forwarding their
 * token and request id), signed as the peer requires. Only a peer that cannot answer (network failure, timeout, 502/503/504)
 * is UNAVAILABLE. A peer's own error with a public code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, …)
 * is passed on with its code, message and field; anything else is an internal error (masked).
 * Either way the calling service writes nothing.
 */
export async function callPeer<T>(
  url: string | undefined,
  peer: string,
  ctx: Pick<RequestContext, "token" | "requestId" | "logger" | "signPeerRequest">,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 5000,
): Promise<T> {
  if (!url) throw unavailable(`The ${peer} service is not configured`);
  let response: Response;
  let body: { data?: T | null; errors?: PeerError[] };
  try {
    const requestBody = JSON.stringify({ query, variables });
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-request-id": ctx.requestId,
        [SIGNATURE_HEADER]: ctx.signPeerRequest(requestBody),
        ...(ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}),
        // The peer's spans join the caller's trace.
        ...traceHeaders(),
      },
      body: requestBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (UNREACHABLE_STATUSES.has(response.status)) throw new Error(`peer ${peer} answered HTTP ${response.status}`);
    // HTTP 401 is the peer refusing this service's signature (its secrets differ): a deployment
    // fault, not the caller's, so it is reported as UNAVAILABLE like an unreachable peer.
    if (response.status === 401) throw new Error(`peer ${peer} refused the request signature (check SUBGRAPH_SIGNING_SECRETS)`);
    body = (await response.json()) as typeof body;
  } catch (error) {
    ctx.logger.warn({ err: error, peer }, "peer call failed");
    throw unavailable(`The ${peer} service is unavailable; try again shortly`);
  }
  const passed = body.errors?.find((e) => typeof e.extensions?.code === "string" && PASSED_ON.has(e.extensions.code));
  if (passed) {
    const { code, field } = passed.extensions as { code: Exclude<ErrorCode, "INTERNAL_SERVER_ERROR">; field?: unknown };
    throw new DomainError(code, passed.message, field === undefined ? undefined : { field });
  }
  if (body.errors?.length || !body.data) {
    ctx.logger.error({ peer, errors: body.errors, status: response.status }, "peer call returned errors");
    throw new Error(`peer ${peer} answered with errors`);
  }
  return body.data;
}
