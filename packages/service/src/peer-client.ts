import { DomainError, unavailable } from "@floorgraph/errors";
import type { RequestContext } from "./context.ts";

/**
 * Calls a sibling subgraph's GraphQL endpoint on behalf of the current caller (forwarding their
 * token and request id). Any transport failure or upstream error becomes UNAVAILABLE: the caller
 * gets a clear answer and the calling service writes nothing.
 */
export async function callPeer<T>(
  url: string | undefined,
  peer: string,
  ctx: Pick<RequestContext, "token" | "requestId" | "logger">,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 5000,
): Promise<T> {
  if (!url) throw unavailable(`The ${peer} service is not configured`);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-request-id": ctx.requestId,
        ...(ctx.token ? { authorization: `Bearer ${ctx.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    // The peer's verdict on the caller (no right to that data, bad token) is the caller's answer too.
    const callerError = body.errors?.find((e) => e.extensions?.code === "FORBIDDEN" || e.extensions?.code === "UNAUTHENTICATED");
    if (callerError) throw new DomainError(callerError.extensions?.code as "FORBIDDEN", callerError.message);
    if (body.errors?.length || !body.data) {
      ctx.logger.warn({ peer, errors: body.errors, status: response.status }, "peer call returned errors");
      throw new Error(`peer ${peer} answered with errors`);
    }
    return body.data;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    ctx.logger.warn({ err: error, peer }, "peer call failed");
    throw unavailable(`The ${peer} service is unavailable; try again shortly`);
  }
}
