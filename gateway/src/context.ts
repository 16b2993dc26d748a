import type { Identity } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";
import type { RateAccount } from "./access/index.ts";

/** How an operation reached the gateway: GraphQL over HTTP (JSON), graphql-ws, or graphql-sse. */
export type Transport = "http" | "ws" | "sse";

export interface GatewayContext {
  requestId: string;
  /** How the operation arrived; "internal" for the gateway's own lookups (not rate limited). */
  transport?: Transport | "internal";
  logger: Logger;
  /** The incoming headers the gateway is configured to pass on to subgraphs. */
  forwarded: Record<string, string>;
  /** Set when edge authentication is configured and the caller sent a valid token. */
  identity: Identity | null;
  /** Whose rate-limit budget the operation spends (absent: not limited, e.g. the gateway's own lookups). */
  rateAccount?: RateAccount;
  /** Demand control's estimate of the operation, set once it is admitted (pipeline/use-cost.ts). */
  cost?: { estimated: number };
  /** Aborted when the HTTP client goes away before its answer: the operation's subgraph fetches stop. */
  clientGone?: AbortSignal;
}
