import { SIGNATURE_HEADER } from "@floorgraph/auth";
import { DomainError, unavailable } from "@floorgraph/errors";
import type { RequestContext } from "./context.ts";

/**
 * Calls a sibling subgraph's GraphQL endpoint on behalf of the current caller (forwarding their
 * token and request id), signed as the peer requires. Any transport failure or upstream error becomes UNAVAILABLE: the caller
 * gets a clear answer and the calling service writes nothing.
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
  try {
    const body = JSON.stringify({ query, variables });
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-request-id": ctx.requestId,
        [SIGNATURE_HEADER]: ctx.signPeerRequest(body),
        ...(ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // HTTP 401 is the peer refusing this service's signature (its secrets differ): a deployment
    // fault, not the caller's, so it is reported as UNAVAILABLE like any other peer failure.
    if (response.status === 401) throw new Error(`peer ${peer} refused the request signature (check SUBGRAPH_SIGNING_SECRETS)`);
    const answer = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    // The peer's verdict on the caller (no right to that data, bad token) is the caller's answer too.
    const callerError = answer.errors?.find((e) => e.extensions?.code === "FORBIDDEN" || e.extensions?.code === "UNAUTHENTICATED");
    if (callerError) throw new DomainError(callerError.extensions?.code as "FORBIDDEN", callerError.message);
    if (answer.errors?.length || !answer.data) {
      ctx.logger.warn({ peer, errors: answer.errors, status: response.status }, "peer call returned errors");
      throw new Error(`peer ${peer} answered with errors`);
    }
    return answer.data;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    ctx.logger.warn({ err: error, peer }, "peer call failed");
    throw unavailable(`The ${peer} service is unavailable; try again shortly`);
  }
}
