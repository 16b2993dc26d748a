import type { IncomingHttpHeaders } from "node:http";
import { bearerToken, verifyToken, type AuthContext, type Identity, type JwtSettings } from "@floorgraph/auth";
import { requestIdFrom, type Logger } from "@floorgraph/logger";

/** What every subgraph request carries before the service adds its own loaders and services. */
export interface RequestContext extends AuthContext {
  requestId: string;
  logger: Logger;
  /** The caller's bearer token, forwarded when this service calls another one on the caller's behalf. */
  token: string | undefined;
  /** The x-floorgraph-signature value for a body this service sends to a peer subgraph. */
  signPeerRequest: (body: string) => string;
}

export async function buildRequestContext(headers: IncomingHttpHeaders, jwt: JwtSettings, logger: Logger): Promise<Omit<RequestContext, "signPeerRequest">> {
  const requestId = requestIdFrom(headers["x-request-id"]);
  const child = logger.child({ requestId });
  let identity: Identity | null = null;
  let authError: Error | null = null;
  let token: string | undefined;
  try {
    token = bearerToken(headers.authorization);
    if (token) identity = await verifyToken(token, jwt);
  } catch (error) {
    authError = error as Error;
  }
  return { requestId, logger: child, token, identity, authError };
}
