import type { RevocationList } from "@floorgraph/auth";
import { unauthenticated } from "@floorgraph/errors";
import { resolveCaller } from "./caller.ts";
import type { GatewayPlugin } from "./types.ts";

/**
 * Edge authentication, for every transport: a request (HTTP), a socket's connection_init or a stream
 * that carries a bearer token must carry a valid, unexpired, unrevoked one (UNAUTHENTICATED: HTTP 401,
 * socket close 4401); without a token the caller is anonymous, and which operations need a caller is
 * each subgraph's decision. Without `jwt` (a foreign supergraph) tokens are passed on unread.
 *
 * Sockets and streams outlive the check at connection: each of their operations is refused once the
 * token is revoked, and the transports end them at once through `revocations` (pipeline.onRevoked).
 */
export function useAuthentication(jwt: { secret: string; revocations?: RevocationList | null } | null, revocations: RevocationList | null): GatewayPlugin {
  return {
    name: "authentication",
    authenticate: (authorization) => resolveCaller(authorization, jwt),
    revocations,
    onRequest(caller, transport) {
      if (transport === "http" || !caller.identity || !revocations?.isRevoked(caller.identity)) return null;
      return { refusal: { error: unauthenticated("Token has been revoked; log in again"), status: 401, headers: {} } };
    },
  };
}
