import type { IncomingMessage } from "node:http";

/**
 * The address per-client limits count against (sockets per address, anonymous principals): the
 * connection's peer. The one place to change when a trusted proxy header is configured.
 */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
