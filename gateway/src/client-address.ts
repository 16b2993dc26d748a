import type { IncomingMessage } from "node:http";
import { normaliseAddress } from "@floorgraph/auth";

/**
 * The caller's network address: what per-client limits count against (sockets per address,
 * anonymous principals, login throttling in the users service). By default the socket's peer: with
 * no proxy in front, no header can be believed. With TRUST_PROXY_HEADER set (the gateway runs behind
 * one proxy that sets it), that header's right-most entry: for X-Forwarded-For it is the address the
 * proxy itself saw connect (entries to its left were written by the client and prove nothing).
 * Behind several proxies, set the header that the outermost one writes alone (e.g. X-Real-IP).
 */
export function clientAddress(req: IncomingMessage, trustProxyHeader?: string | null): string {
  if (trustProxyHeader) {
    const raw = req.headers[trustProxyHeader];
    const value = Array.isArray(raw) ? raw.join(",") : raw;
    const hop = value?.split(",").map((h) => h.trim()).filter(Boolean).at(-1);
    const address = normaliseAddress(hop);
    if (address) return address;
  }
  return normaliseAddress(req.socket.remoteAddress) ?? "unknown";
}
