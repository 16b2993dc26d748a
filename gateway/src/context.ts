import type { Identity } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** The incoming headers the gateway is configured to pass on to subgraphs. */
  forwarded: Record<string, string>;
  /** Set when edge authentication is configured and the caller sent a valid token. */
  identity: Identity | null;
  /** Aborted when the HTTP client goes away before its answer: the operation's subgraph fetches stop. */
  clientGone?: AbortSignal;
}
