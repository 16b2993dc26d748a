import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForwardingDataSource } from "../src/remote-source.ts";
import { TEST_SIGNING_SECRET } from "@floorgraph/testing";

// A real HTTP "subgraph" on port 0 whose answer each test picks by the query text.
const answers: Record<string, { status: number; body: string; type?: string }> = {
  coercion: { status: 400, body: JSON.stringify({ errors: [{ message: 'Variable "$input" got invalid value', extensions: { code: "BAD_USER_INPUT", field: "input.requestedShipDate" } }] }) },
  guard: { status: 400, body: JSON.stringify({ errors: [{ message: "input.externalReference must not contain a NUL", extensions: { code: "BAD_USER_INPUT", field: "input.externalReference" } }] }) },
  crash: { status: 500, body: JSON.stringify({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }) },
  proxy: { status: 502, body: "<html>Bad gateway</html>", type: "text/html" },
  html404: { status: 404, body: "<html>nope</html>", type: "text/html" },
};
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const answer = answers[(JSON.parse(raw) as { query: string }).query]!;
      res.writeHead(answer.status, { "content-type": answer.type ?? "application/json" }).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => server.close());

const send = (query: string, target = url) =>
  new ForwardingDataSource("orders", TEST_SIGNING_SECRET, { url: target }).process({
    // GraphQLDataSourceRequestKind.HEALTH_CHECK (the enum is not exported): the plainest request kind.
    kind: "health check" as never,
    request: { query, variables: {}, http: { method: "POST", url: target, headers: new Headers() as never } },
    context: {},
  });
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error("expected a failure"); }, (error: { message: string; extensions?: Record<string, unknown> }) => error);

describe("ForwardingDataSource", () => {
  it("passes on a subgraph's own errors from a 4xx/5xx GraphQL answer with their codes and fields", async () => {
    expect(await send("coercion")).toEqual({ errors: [expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "input.requestedShipDate" } })] });
    expect(await send("guard")).toEqual({ errors: [expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "input.externalReference" } })] });
    expect(await send("crash")).toEqual({ errors: [expect.objectContaining({ extensions: { code: "INTERNAL_SERVER_ERROR" } })] });
  });

  it("reports only an unreachable subgraph (502/503/504, refused connection) as UNAVAILABLE", async () => {
    expect((await failure(send("proxy"))).extensions).toEqual({ code: "UNAVAILABLE" });
    expect((await failure(send("any", "http://127.0.0.1:1/graphql"))).extensions).toEqual({ code: "UNAVAILABLE" });
  });

  it("keeps a non-GraphQL answer an error of its own (masked as internal by the gateway), not UNAVAILABLE", async () => {
    const error = await failure(send("html404"));
    expect(error.extensions?.code).not.toBe("UNAVAILABLE");
    expect(error.message).toContain("404");
  });
});
