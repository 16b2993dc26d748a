import type { NextFunction, Request, Response } from "express";
import { SIGNATURE_HEADER, signRequestBody, verifyRequestSignature } from "@floorgraph/auth";
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "./operation-limits.ts";
import type { Logger } from "@floorgraph/logger";

/** How a subgraph protects itself, as if the gateway were not in front of it (see README). */
export interface SubgraphProtection {
  /** Secrets of signed requests: the first signs this service's peer calls, any verifies. */
  signingSecrets: string[];
  limits: OperationLimits;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  sockets: {
    /** Largest graphql-ws message accepted (ws maxPayload), in bytes. */
    maxPayloadBytes: number;
    /** A socket that has not sent a signed connection_init by then is closed (4408). */
    connectionInitWaitMs: number;
    maxSubscriptionsPerSocket: number;
  };
}

export const DEFAULT_SUBGRAPH_PROTECTION: Omit<SubgraphProtection, "signingSecrets"> = {
  limits: DEFAULT_OPERATION_LIMITS,
  maxBodyBytes: 2 * 1024 * 1024,
  sockets: { maxPayloadBytes: 1024 * 1024, connectionInitWaitMs: 3_000, maxSubscriptionsPerSocket: 500 },
};

const VERIFIED = Symbol("floorgraph.signatureVerified");
type SignedRequest = Request & { [VERIFIED]?: boolean };

/** A JSON error body with a code, the only kind of answer a refused request gets. */
export function jsonError(res: Response, status: number, code: string, message: string): void {
  res.status(status).type("application/json").json({ errors: [{ message, extensions: { code } }] });
}

class SignatureError extends Error {
  readonly type = "floorgraph.signature";
  readonly status = 401;
}

/**
 * express.json's `verify` hook: checks the signature over the raw bytes before any JSON is parsed,
 * and marks the request as verified. Throwing makes body-parser hand the error to the error handler.
 */
export function verifySignedBody(secrets: readonly string[]) {
  return (req: Request, _res: Response, raw: Buffer) => {
    if (!verifyRequestSignature(req.headers[SIGNATURE_HEADER], raw, secrets)) throw new SignatureError("bad or missing request signature");
    (req as SignedRequest)[VERIFIED] = true;
  };
}

const UNSIGNED_MESSAGE = "This service answers only requests signed by the gateway";

/**
 * After express.json: refuses whatever the verify hook did not see (GET, empty or non-JSON bodies),
 * so nothing unsigned reaches Apollo, introspection and `_service` included.
 */
export function requireSigned(req: Request, res: Response, next: NextFunction): void {
  if ((req as SignedRequest)[VERIFIED]) return next();
  jsonError(res, 401, "UNAUTHENTICATED", UNSIGNED_MESSAGE);
}

/** Body-parser and other middleware failures as JSON errors: never HTML, never a stack trace. */
export function jsonErrorHandler(logger: Logger, maxBodyBytes: number) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const err = error as { type?: string; status?: number };
    if (err.type === "floorgraph.signature") return jsonError(res, 401, "UNAUTHENTICATED", UNSIGNED_MESSAGE);
    if (err.type === "entity.too.large") return jsonError(res, 413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBodyBytes} bytes`);
    if (err.type === "entity.parse.failed") return jsonError(res, 400, "BAD_REQUEST", "The request body is not valid JSON");
    if (err.status && err.status >= 400 && err.status < 500) return jsonError(res, err.status, "BAD_REQUEST", "The request could not be read");
    logger.error({ err: error }, "unhandled error in HTTP middleware");
    jsonError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  };
}

/** Signs the body of a request this service sends to a peer with the first secret. */
export const peerSigner = (secrets: readonly string[]) => (body: string) => signRequestBody(body, secrets[0] as string);
