import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "@floorgraph/logger";
import { responseMediaType } from "./media.ts";

/**
 * Answers a request the gateway refuses before GraphQL sees it with the GraphQL error shape
 * (`{"errors":[{"message","extensions":{"code"}}]}`), in the JSON type the client accepts; never an
 * HTML page or a stack trace.
 */
export function sendError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const type = responseMediaType(res.req.headers.accept) ?? "application/json";
  res.status(status).set(headers).type(`${type}; charset=utf-8`).send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** body-parser's failure types, as the client should read them. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  "entity.too.large": [413, "PAYLOAD_TOO_LARGE", "The request body is larger than the gateway accepts"],
  "entity.parse.failed": [400, "BAD_REQUEST", "The request body is not valid JSON"],
  "encoding.unsupported": [415, "BAD_REQUEST", "The request body's Content-Encoding is not supported"],
  "charset.unsupported": [415, "BAD_REQUEST", "The request body's charset is not supported (send UTF-8)"],
  "request.aborted": [400, "BAD_REQUEST", "The request body was not received completely"],
  "request.size.invalid": [400, "BAD_REQUEST", "The request body's length does not match its Content-Length"],
  "stream.encoding.set": [500, "INTERNAL_SERVER_ERROR", "Internal server error"],
};

/** The last express error handler: known request errors keep their status, anything else is an opaque 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: unknown } | null)?.type;
    const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
    if (known) return sendError(res, ...known);
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500) return sendError(res, status, "BAD_REQUEST", "The request is malformed");
    logger.error({ err: error, requestId: req.requestId }, "unhandled HTTP error");
    sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  };
}

/** Any path the gateway does not serve. */
export const notFound: RequestHandler = (req, res) => sendError(res, 404, "NOT_FOUND", `Nothing is served at ${req.method} ${req.path.slice(0, 200)}`);

/**
 * GraphQL-over-HTTP POST bodies are JSON: any other type (a form post, text) is 415 rather than
 * Apollo's CSRF or missing-body answer.
 */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  if (req.method !== "POST" || req.is("application/json")) return next();
  sendError(res, 415, "BAD_REQUEST", "POST requests must have Content-Type: application/json");
};
