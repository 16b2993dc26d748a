import { randomUUID } from "node:crypto";
import type { Request } from "express";
import type { Logger } from "@floorgraph/logger";
import type { GatewayContext } from "../context.ts";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds each operation's context: a request id (the caller's, if sane) and the headers to forward. */
export function requestContext(logger: Logger, forwardHeaders: string[]) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const incoming = req.headers["x-request-id"];
    const requestId = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const forwarded: Record<string, string> = {};
    for (const name of forwardHeaders) {
      const value = req.headers[name];
      if (typeof value === "string") forwarded[name] = value;
    }
    forwarded["x-request-id"] = requestId;
    return { requestId, logger: logger.child({ requestId }), forwarded, identity: req.identity ?? null };
  };
}
