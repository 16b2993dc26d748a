import type { RequestHandler } from "express";
import type { Identity } from "@floorgraph/auth";
import { DomainError } from "@floorgraph/errors";
import { clientAddress } from "../client-address.ts";
import type { GatewayContext } from "../context.ts";
import type { Pipeline } from "./pipeline.ts";

declare module "express-serve-static-core" {
  interface Request {
    identity?: Identity | null;
    /** What the pipeline's admission adds to the operation's context (whose rate budget it spends). */
    pipelineContext?: Partial<GatewayContext>;
  }
}

const errorBody = (message: string, extensions: Record<string, unknown>) => ({ errors: [{ message, extensions }] });

/**
 * The pipeline in front of Apollo Server for GraphQL over HTTP: authenticates the request (401
 * UNAUTHENTICATED for a bad token, before any parsing, planning or subgraph traffic), admits it
 * (rate limits: 429 with Retry-After; allowed responses carry the RateLimit headers too), then the
 * plugins' HTTP handlers (trusted documents put a registered body in place).
 */
export function httpPipeline(pipeline: Pipeline, trustProxyHeader?: string | null): RequestHandler[] {
  const admit: RequestHandler = async (req, res, next) => {
    try {
      let caller;
      try {
        caller = await pipeline.authenticate(req.headers.authorization, clientAddress(req, trustProxyHeader));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return void res.status(401).json(errorBody(error.message, { code: error.extensions.code }));
      }
      req.identity = caller.identity;
      const admission = await pipeline.admit(caller, "http");
      if (admission.refusal) {
        const { error, status, headers } = admission.refusal;
        return void res.status(status).set(headers).json(errorBody(error.message, { ...error.extensions }));
      }
      res.set(admission.headers);
      req.pipelineContext = admission.context;
      next();
    } catch (error) {
      next(error);
    }
  };
  return [admit, ...pipeline.httpHandlers];
}
