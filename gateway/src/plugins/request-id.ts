import type { NextFunction, Request, Response } from "express";
import { requestIdFrom } from "@floorgraph/logger";

declare module "express-serve-static-core" {
  interface Request {
    /** The request's id (the caller's x-request-id when sane, else a new one), echoed in the answer. */
    requestId?: string;
  }
}

/**
 * First on every route: the request gets its id before anything may refuse it, and the answer
 * carries it in x-request-id whatever it is (429, 413, an error), so a caller can quote it and the
 * logs (each line of the request has `requestId`) and subgraphs (the forwarded header) agree.
 */
export function requestId() {
  return (req: Request, res: Response, next: NextFunction) => {
    const id = requestIdFrom(req.headers["x-request-id"]);
    req.requestId = id;
    // Everything after reads the header (the request context, SSE, forwarding to subgraphs): one id.
    req.headers["x-request-id"] = id;
    res.setHeader("x-request-id", id);
    next();
  };
}
