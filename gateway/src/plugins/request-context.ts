import type { Request, Response } from "express";
import { CLIENT_ADDRESS_HEADER } from "@floorgraph/auth";
import { requestIdFrom, type Logger } from "@floorgraph/logger";
import { clientAddress } from "../client-address.ts";
import type { GatewayContext } from "../context.ts";

/**
 * Builds each operation's context: a request id (the caller's, if sane), the headers to forward, and
 * the caller's address in a header only the gateway sets (a copy sent by the caller is never passed on).
 */
export function requestContext(logger: Logger, forwardHeaders: string[], trustProxyHeader?: string | null) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<GatewayContext> => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const forwarded: Record<string, string> = {};
    for (const name of forwardHeaders) {
      const value = req.headers[name];
      if (typeof value === "string" && name !== CLIENT_ADDRESS_HEADER) forwarded[name] = value;
    }
    forwarded["x-request-id"] = requestId;
    forwarded[CLIENT_ADDRESS_HEADER] = clientAddress(req, trustProxyHeader);
    const clientGone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) clientGone.abort(new Error("the client went away"));
    });
    return { ...req.pipelineContext, requestId, transport: "http", logger: logger.child({ requestId }), forwarded, identity: req.identity ?? null, clientGone: clientGone.signal };
  };
}
