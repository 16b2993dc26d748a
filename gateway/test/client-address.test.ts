import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress } from "../src/client-address.ts";

const request = (remoteAddress: string, headers: Record<string, string | string[]> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe("client address", () => {
  it("is the socket's peer when no proxy header is trusted, whatever the caller claims", () => {
    expect(clientAddress(request("::ffff:192.0.2.1", { "x-forwarded-for": "10.0.0.1" }), null)).toBe("192.0.2.1");
    expect(clientAddress(request("2001:db8::1"), null)).toBe("2001:db8::1");
  });

  it("is the right-most X-Forwarded-For entry (what the trusted proxy saw) when that header is trusted", () => {
    expect(clientAddress(request("10.0.0.9", { "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), "x-forwarded-for")).toBe("203.0.113.7");
    expect(clientAddress(request("10.0.0.9", { "x-forwarded-for": ["6.6.6.6", "203.0.113.8"] }), "x-forwarded-for")).toBe("203.0.113.8");
    // Without the header (a request that bypassed the proxy) the peer it is.
    expect(clientAddress(request("10.0.0.9"), "x-forwarded-for")).toBe("10.0.0.9");
  });
});
