import type { IncomingHttpHeaders } from "node:http";
import { bearerToken, CLIENT_ADDRESS_HEADER, normaliseAddress, verifyToken, type AuthContext, type Identity, type JwtSettings } from "@floorgraph/auth";
import { requestIdFrom, type Logger } from "@floorgraph/logger";

/** What every subgraph request carries before the service adds its own loaders and services. */
export interface RequestContext extends AuthContext {
  requestId: string;
  logger: Logger;
  /** The caller's bearer token, forwarded when this service calls another one on the caller's behalf. */
  token: string | undefined;
  /** The caller's network address: the gateway's header, else this connection's peer. */
  clientAddress: string;
  /** The x-floorgraph-signature value for a body this service sends to a peer subgraph. */
  signPeerRequest: (body: string) => string;
}

/** The caller's address: the gateway's header when present, else the connection's peer. */
export function clientAddressOf(headers: IncomingHttpHeaders, remoteAddress: string | undefined): string {
  const forwarded = headers[CLIENT_ADDRESS_HEADER];
  return normaliseAddress(typeof forwarded === "string" ? forwarded : remoteAddress) ?? "unknown";
}

export async function buildRequestContext(
  headers: IncomingHttpHeaders,
  jwt: JwtSettings,
  logger: Logger,
  remoteAddress?: string,
): Promise<Omit<RequestContext, "signPeerRequest">> {
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
  return { requestId, logger: child, token, identity, authError, clientAddress: clientAddressOf(headers, remoteAddress) };
}
