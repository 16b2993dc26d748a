import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signRequestBody, verifyRequestSignature } from "@floorgraph/auth";
import { createLogger } from "@floorgraph/logger";
import { callPeer } from "./peer-client.ts";

// A real HTTP peer on port 0 whose answer each test chooses by the query text.
const answers: Record<string, { status: number; body?: unknown; hang?: boolean }> = {
  badInput: { status: 200, body: { data: null, errors: [{ message: "codes[0] must not contain a NUL", extensions: { code: "BAD_USER_INPUT", field: "codes[0]" } }] } },
  coercion: { status: 400, body: { errors: [{ message: 'Variable "$codes" got invalid value', extensions: { code: "BAD_USER_INPUT", field: "codes" } }] } },
  notFound: { status: 200, body: { data: null, errors: [{ message: "Order x was not found", extensions: { code: "NOT_FOUND" } }] } },
  forbidden: { status: 200, body: { data: null, errors: [{ message: "Not yours", extensions: { code: "FORBIDDEN" } }] } },
  internal: { status: 200, body: { data: null, errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] } },
  validation: { status: 400, body: { errors: [{ message: 'Cannot query field "x"', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] } },
  gateway: { status: 503, body: { errors: [{ message: "down", extensions: { code: "BAD_USER_INPUT" } }] } },
  hang: { status: 200, hang: true },
  refused: { status: 401, body: { errors: [{ message: "unsigned", extensions: { code: "UNAUTHENTICATED" } }] } },
  ok: { status: 200, body: { data: { value: 1 } } },
};
const SECRET = "peer-client-test-secret-at-least-32-chars";
/** Whether each request the peer received carried a valid signature of its exact body. */
const signed: boolean[] = [];
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      signed.push(verifyRequestSignature(req.headers[SIGNATURE_HEADER] as string | undefined, raw, [SECRET]));
      const answer = answers[(JSON.parse(raw) as { query: string }).query] ?? answers.ok!;
      if (answer.hang) return;
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const ctx = { token: undefined, requestId: "r-1", logger: createLogger("peer-test", "silent"), signPeerRequest: (body: string) => signRequestBody(body, SECRET) };
const call = (query: string, timeoutMs?: number, target = url) => callPeer(target, "inventory", ctx, query, {}, timeoutMs);
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a failure"); }, (error: Error & { extensions?: Record<string, unknown> }) => error);

describe("callPeer", () => {
  it("returns the peer's data, having signed the exact body it sent", async () => {
    signed.length = 0;
    expect(await call("ok")).toEqual({ value: 1 });
    expect(signed).toEqual([true]);
  });

  it("passes on a peer's verdict on the input with its code, message and field", async () => {
    for (const [query, code] of [["badInput", "BAD_USER_INPUT"], ["coercion", "BAD_USER_INPUT"], ["notFound", "NOT_FOUND"], ["forbidden", "FORBIDDEN"]] as const) {
      const error = await failure(call(query));
      const sent = answers[query]!.body as { errors: { message: string; extensions: { field?: string } }[] };
      expect(error.extensions).toEqual({ code, ...(sent.errors[0]!.extensions.field ? { field: sent.errors[0]!.extensions.field } : {}) });
      expect(error.message).toBe(sent.errors[0]!.message);
    }
  });

  it("reports a peer's internal or framework error as an internal error, not UNAVAILABLE", async () => {
    for (const query of ["internal", "validation"]) {
      const error = await failure(call(query));
      expect(error.extensions).toBeUndefined();
      expect(error.message).toContain("answered with errors");
    }
  });

  it("reports a peer that cannot answer (502/503/504, refused connection, timeout) as UNAVAILABLE", async () => {
    expect((await failure(call("gateway"))).extensions).toEqual({ code: "UNAVAILABLE" });
    // A peer refusing the signature is a deployment fault, not the caller's: UNAVAILABLE too.
    expect((await failure(call("refused"))).extensions).toEqual({ code: "UNAVAILABLE" });
    expect((await failure(call("hang", 200))).extensions).toEqual({ code: "UNAVAILABLE" });
    expect((await failure(call("ok", undefined, "http://127.0.0.1:1/graphql"))).extensions).toEqual({ code: "UNAVAILABLE" });
    expect((await failure(callPeer(undefined, "inventory", ctx, "ok", {}))).extensions).toEqual({ code: "UNAVAILABLE" });
  });
});
