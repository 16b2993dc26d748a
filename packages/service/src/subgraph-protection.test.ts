import { parse } from "graphql";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { SIGNATURE_HEADER, signRequestBody, socketSignaturePayload } from "@floorgraph/auth";
import { createLogger } from "@floorgraph/logger";
import { callPeer } from "./peer-client.ts";
import { DEFAULT_SUBGRAPH_PROTECTION, peerSigner, type SubgraphProtection } from "./protection.ts";
import { createSubgraphServer, type RunningServer } from "./subgraph-server.ts";

// A small subgraph served by the same server code as every Floorgraph subgraph, with tight limits.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { node(id: ID!): Node }
  type Node @key(fields: "id") { id: ID! name: String child: Node }
  type Subscription { tick(count: Int!): Int! }
`;
const SECRET = "protection-test-secret-0123456789abcdef";
const protection: SubgraphProtection = {
  ...DEFAULT_SUBGRAPH_PROTECTION,
  signingSecrets: [SECRET],
  limits: { ...DEFAULT_SUBGRAPH_PROTECTION.limits, maxDepth: 5, maxTokens: 400 },
  maxBodyBytes: 4096,
  sockets: { maxPayloadBytes: 4096, connectionInitWaitMs: 300, maxSubscriptionsPerSocket: 2 },
};
const logger = createLogger("protection-test", "silent");
const node = (id: string) => ({ id, name: `node ${id}`, child: { id: `${id}0` } });
let server: RunningServer;

beforeAll(async () => {
  const built = await createSubgraphServer({
    name: "nodes",
    typeDefs: parse(SDL),
    resolvers: {
      Query: { node: (_: unknown, { id }: { id: string }) => node(id) },
      Node: { __resolveReference: ({ id }: { id: string }) => node(id), child: (n: { child: { id: string } }) => node(n.child.id) },
      Subscription: {
        tick: {
          subscribe: async function* (_: unknown, { count }: { count: number }) {
            for (let i = 1; i <= count; i++) {
              yield { tick: i };
              await new Promise((r) => setTimeout(r, 50));
            }
          },
        },
      },
    },
    logger,
    jwt: { secret: "protection-test-jwt-secret-0123456789ab" },
    protection,
    extendContext: (base) => base,
    subscriptions: true,
  });
  server = await built.listen(0);
});
afterAll(() => server?.stop());

const post = async (body: string, headers: Record<string, string> = {}) => {
  const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: JSON.parse(text) as { data?: any; errors?: any[] } };
};
const signedPost = (body: string, secret = SECRET) => post(body, { [SIGNATURE_HEADER]: signRequestBody(body, secret) });
const op = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });
const codes = (r: { body: { errors?: any[] } }) => (r.body.errors ?? []).map((e) => e.extensions?.code);
/** An operation exactly `levels` fields deep: node, child…, id. */
const nested = (levels: number) => `{ node(id: "1") { ${"child { ".repeat(levels - 2)}id${" }".repeat(levels - 2)} } }`;

describe("HTTP: signed requests only", () => {
  it("answers a signed request and refuses an unsigned, foreign, tampered or stale one with 401 JSON", async () => {
    expect((await signedPost(op(`{ node(id: "1") { name } }`))).body).toEqual({ data: { node: { name: "node 1" } } });
    const body = op(`{ node(id: "1") { name } }`);
    const refusals = [
      await post(body),
      await signedPost(body, "another-secret-0123456789abcdefghijklm"),
      await post(op(`{ node(id: "2") { name } }`), { [SIGNATURE_HEADER]: signRequestBody(body, SECRET) }),
      await post(body, { [SIGNATURE_HEADER]: signRequestBody(body, SECRET, Date.now() - 6 * 60_000) }),
    ];
    for (const refused of refusals) {
      expect(refused).toMatchObject({ status: 401, type: expect.stringMatching(/^application\/json/) });
      expect(codes(refused)).toEqual(["UNAUTHENTICATED"]);
    }
  });

  it("refuses introspection and _service unsigned, and serves them signed", async () => {
    for (const query of ["{ __schema { queryType { name } } }", `{ __type(name: "Node") { name } }`, "{ _service { sdl } }"]) {
      expect((await post(op(query))).status).toBe(401);
      const signed = await signedPost(op(query));
      expect(signed.status).toBe(200);
      expect(signed.body.errors).toBeUndefined();
    }
  });

  it("refuses GET queries and non-JSON bodies, which no signature covers; /health stays open", async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { "apollo-require-preflight": "1" } });
    expect(get.status).toBe(401);
    expect((await fetch(server.url, { method: "POST", headers: { "content-type": "text/plain" }, body: "{ __typename }" })).status).toBe(401);
    for (const path of ["/health", "/health/live"]) {
      const health = await fetch(server.url.replace("/graphql", path));
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", service: "nodes" });
    }
    const missing = await fetch(server.url.replace("/graphql", "/nope"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] });
  });

  it("answers an oversize or malformed body with a JSON error, never HTML or a stack trace", async () => {
    const big = op(`{ node(id: "${"x".repeat(5000)}") { id } }`);
    const oversize = await signedPost(big);
    expect(oversize).toMatchObject({ status: 413, type: expect.stringMatching(/^application\/json/) });
    expect(codes(oversize)).toEqual(["PAYLOAD_TOO_LARGE"]);
    const malformed = await signedPost(`{"query": "{ __typename }",`);
    expect(malformed).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/json/) });
    expect(codes(malformed)).toEqual(["BAD_REQUEST"]);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js|node_modules/);
    // Unsigned, the signature is checked first: nothing about the body is revealed.
    expect((await post(`{"query": "{ __typename }",`)).status).toBe(401);
  });
});

describe("HTTP: operation limits", () => {
  it("refuses an operation deeper than MAX_DEPTH with GRAPHQL_VALIDATION_FAILED and runs one at the limit", async () => {
    const deep = await signedPost(op(nested(6)));
    expect(codes(deep)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(deep.body.errors?.[0].message).toMatch(/depth limit of 5/);
    expect((await signedPost(op(nested(5)))).body.errors).toBeUndefined();
  });

  it("counts fields, not fragments, so the gateway's entity queries pass at the client's depth", async () => {
    // What the gateway sends for a client operation 5 levels deep: _entities + inline fragment + 4 levels.
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Node { child { child { child { id } } } } } }`;
    const res = await signedPost(op(query, { representations: [{ __typename: "Node", id: "1" }] }));
    expect(res.body).toEqual({ data: { _entities: [{ child: { child: { child: { id: "1000" } } } }] } });
  });

  it("refuses too many aliases and too many tokens", async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: node(id: "${i}") { id }`).join(" ")} }`;
    expect(codes(await signedPost(op(aliases)))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    const tokens = await signedPost(op(`{ node(id: "1") { ${"id ".repeat(400)}} }`));
    expect(tokens.status).toBe(400);
    expect(codes(tokens)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(tokens.body.errors?.[0].message).toMatch(/more th[ae][nt] 400 tokens/);
    expect((await signedPost(op(`{ node(id: "1") { ${"id ".repeat(300)}} }`))).body.errors).toBeUndefined();
  });
});

describe("peer calls", () => {
  it("are signed with the first secret, so a peer answers them", async () => {
    const ctx = { token: undefined, requestId: "r1", logger, signPeerRequest: peerSigner([SECRET]) };
    expect(await callPeer(server.url, "nodes", ctx, `{ node(id: "7") { name } }`, {})).toEqual({ node: { name: "node 7" } });
    const unsignedCtx = { ...ctx, signPeerRequest: peerSigner(["another-secret-0123456789abcdefghijklm"]) };
    await expect(callPeer(server.url, "nodes", unsignedCtx, `{ node(id: "7") { name } }`, {})).rejects.toMatchObject({ extensions: { code: "UNAVAILABLE" } });
  });
});

const wsUrl = () => server.url.replace(/^http/, "ws");
const signedParams = (secret = SECRET) => ({ signature: signRequestBody(socketSignaturePayload(undefined), secret) });
const client = (connectionParams: Record<string, unknown>) => {
  let closed: (e: { code: number; reason: string }) => void = () => {};
  const closedWith = new Promise<{ code: number; reason: string }>((r) => (closed = r));
  const c = createClient({ url: wsUrl(), webSocketImpl: WebSocket, connectionParams, lazy: false, retryAttempts: 0, onNonLazyError: () => {}, on: { closed: (e) => closed(e as never) } });
  return { c, closedWith };
};
const collect = (c: ReturnType<typeof createClient>, query: string) =>
  new Promise<{ events: unknown[]; errors?: unknown }>((resolve) => {
    const events: unknown[] = [];
    c.subscribe({ query }, { next: (e) => events.push(e), error: (errors) => resolve({ events, errors }), complete: () => resolve({ events }) });
  });
const rawSocket = () => new WebSocket(wsUrl(), "graphql-transport-ws");
const closeOf = (socket: WebSocket) => new Promise<number>((r) => socket.on("close", (code) => r(code)));

describe("graphql-ws: the same protection", () => {
  it("runs a signed socket's subscription, and closes an unsigned or foreign one with 4401", async () => {
    const signed = client(signedParams());
    expect(await collect(signed.c, "subscription { tick(count: 3) }")).toEqual({ events: [1, 2, 3].map((tick) => ({ data: { tick } })) });
    await signed.c.dispose();
    for (const params of [{}, signedParams("another-secret-0123456789abcdefghijklm"), { ...signedParams(), authorization: "Bearer x.y.z" }]) {
      const refused = client(params);
      expect((await refused.closedWith).code).toBe(4401);
      await refused.c.dispose();
    }
    // An anonymous signature does not cover a token slipped into the upgrade request.
    const smuggled = new WebSocket(wsUrl(), "graphql-transport-ws", { headers: { authorization: "Bearer x.y.z" } });
    await new Promise((r) => smuggled.once("open", r));
    smuggled.send(JSON.stringify({ type: "connection_init", payload: signedParams() }));
    expect(await closeOf(smuggled)).toBe(4401);
  });

  it("applies the operation limits and the per-socket cap to operations", async () => {
    const socket = client(signedParams());
    const deep = await collect(socket.c, `query Deep ${nested(6)}`);
    expect(deep.errors).toEqual([expect.objectContaining({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })]);
    const running = [collect(socket.c, "subscription { tick(count: 20) }"), collect(socket.c, "subscription { tick(count: 20) }")];
    const third = await collect(socket.c, "subscription { tick(count: 1) }");
    expect(third.errors).toEqual([expect.objectContaining({ extensions: { code: "TOO_MANY_SUBSCRIPTIONS" } })]);
    expect((await Promise.all(running)).map((r) => r.events.length)).toEqual([20, 20]);
    await socket.c.dispose();
  });

  it("closes a socket that sends no connection_init in time (4408) or a message over maxPayload (1009)", async () => {
    const idle = rawSocket();
    expect(await closeOf(idle)).toBe(4408);
    const big = rawSocket();
    await new Promise((r) => big.once("open", r));
    big.send(JSON.stringify({ type: "connection_init", payload: { ...signedParams(), pad: "x".repeat(5000) } }));
    expect(await closeOf(big)).toBe(1009);
  });
});
