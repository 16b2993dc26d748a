import type { RequestHandler } from "express";
import { bearerToken, verifyToken, type Identity } from "@floorgraph/auth";
import { DomainError } from "@floorgraph/errors";

declare module "express-serve-static-core" {
  interface Request {
    identity?: Identity | null;
  }
}

/**
 * Edge authentication (Floorgraph's configuration of the gateway): a request that carries a bearer
 * token must carry a valid one, or it is answered 401 UNAUTHENTICATED before any planning or
 * subgraph traffic. Requests without a token pass as anonymous: which operations need a caller is
 * each subgraph's decision (login, for one, needs none). Subgraphs verify the token again themselves.
 */
export function authenticate(jwt: { secret: string }): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = bearerToken(req.headers.authorization);
      req.identity = token ? await verifyToken(token, jwt) : null;
      next();
    } catch (error) {
      if (!(error instanceof DomainError)) return next(error);
      res.status(401).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
    }
  };
}
