import type { Request, Response } from "express";
import { requestIdFrom, type Logger } from "@floorgraph/logger";
import type { GatewayContext } from "../context.ts";

/** Builds each operation's context: a request id (the caller's, if sane) and the headers to forward. */
export function requestContext(logger: Logger, forwardHeaders: string[]) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<GatewayContext> => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const forwarded: Record<string, string> = {};
    for (const name of forwardHeaders) {
      const value = req.headers[name];
      if (typeof value === "string") forwarded[name] = value;
    }
    forwarded["x-request-id"] = requestId;
    const clientGone = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) clientGone.abort(new Error("the client went away"));
    });
    return { requestId, logger: logger.child({ requestId }), forwarded, identity: req.identity ?? null, clientGone: clientGone.signal };
  };
}
