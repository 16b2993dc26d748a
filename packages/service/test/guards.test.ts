import { parse } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { requireIdentity, signRequestBody, signToken, socketSignaturePayload, type AuthContext, type Identity } from "@floorgraph/auth";
import { openDatabase, type Database } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import { DEFAULT_SUBGRAPH_PROTECTION } from "../src/protection.ts";
import { createSubgraphServer, type RunningServer } from "../src/subgraph-server.ts";
import { JWT, SECRET, signedPost } from "./helpers.ts";

// One subgraph with a database, over HTTP and graphql-ws: what its guards refuse never reaches a
// resolver (the write counter and the Note table say so), and what fails inside one is masked.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { me: String! boom: String requestId: String! notes: Int! }
  type Mutation { note(text: String!, tags: [String!]): Int! }
  type Subscription { whoami: String! echo(text: String!): String! fail: String requestId: String! }
`;
const logger = createLogger("guards-test", "silent");
const identity: Identity = { userId: "u-7", email: "op@example.com", role: "OPERATOR", partnerId: null, scopes: [], kind: "user" };
type Ctx = AuthContext & { requestId: string };
let db: Database;
let server: RunningServer;
let resolverCalls = 0;
const notes = async () => Number((await db.query<{ n: number }>(`select count(*)::int as n from "Note"`))[0]?.n);
const once = <T>(value: () => T | Promise<T>) =>
  async function* () {
    resolverCalls++;
    yield await value();
  };

beforeAll(async () => {
  db = await openDatabase({ pgliteDir: "memory://" });
  await db.exec(`CREATE TABLE "Note" ("id" SERIAL PRIMARY KEY, "text" TEXT NOT NULL)`);
  const built = await createSubgraphServer({
    name: "guarded",
    typeDefs: parse(SDL),
    resolvers: {
      Query: {
        me: (_: unknown, __: unknown, ctx: Ctx) => requireIdentity(ctx).email,
        boom: () => Promise.reject(new Error("connection to 10.1.2.3 failed: password authentication failed")),
        requestId: (_: unknown, __: unknown, ctx: Ctx) => ctx.requestId,
        notes,
      },
      Mutation: {
        note: async (_: unknown, { text }: { text: string }) => {
          resolverCalls++;
          await db.query(`insert into "Note" (text) values ($1)`, [text]);
          return notes();
        },
      },
      Subscription: {
        whoami: { subscribe: (_: unknown, __: unknown, ctx: Ctx) => once(() => ({ whoami: requireIdentity(ctx).email }))() },
        echo: { subscribe: (_: unknown, { text }: { text: string }) => once(() => ({ echo: text }))() },
        fail: { subscribe: () => once(() => Promise.reject(new Error("SELECT secret FROM internals")))() },
        requestId: { subscribe: (_: unknown, __: unknown, ctx: Ctx) => once(() => ({ requestId: ctx.requestId }))() },
      },
    },
    logger,
    jwt: JWT,
    protection: { ...DEFAULT_SUBGRAPH_PROTECTION, signingSecrets: [SECRET] },
    db,
    subscriptions: true,
    extendContext: (base) => base,
  });
  server = await built.listen(0);
});
afterAll(async () => {
  await server?.stop();
  await db?.close().catch(() => undefined);
});

describe("over HTTP", () => {
  it("refuses a string no column can hold with 400 BAD_USER_INPUT naming it, before the resolver writes anything", async () => {
    const before = { rows: await notes(), calls: resolverCalls };
    const viaVariable = await signedPost(server.url, "mutation($t: String!) { note(text: $t) }", { t: "a\u0000b" });
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "t" }) })]);
    const inline = await signedPost(server.url, `mutation { note(text: "ok", tags: ["x", "\\u0000"]) }`);
    expect(inline.status).toBe(400);
    expect(inline.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "tags[1]" });
    expect({ rows: await notes(), calls: resolverCalls }).toEqual(before);
    const fine = await signedPost(server.url, "mutation($t: String!) { note(text: $t) }", { t: "Zoë 📦" });
    expect(fine.body).toEqual({ data: { note: before.rows + 1 } });
  });

  it("masks an internal failure: no driver message, host or password reaches the client", async () => {
    const res = await signedPost(server.url, "{ boom }");
    expect(res.body.errors).toEqual([expect.objectContaining({ message: "Internal server error", extensions: expect.objectContaining({ code: "INTERNAL_SERVER_ERROR" }) })]);
    expect(JSON.stringify(res.body)).not.toMatch(/password|10\.1\.2\.3/);
  });

  it("answers UNAUTHENTICATED to a resolver that needs a caller, and serves one with a valid token", async () => {
    const anonymous = await signedPost(server.url, "{ me }");
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const { token } = await signToken(identity, JWT);
    expect((await signedPost(server.url, "{ me }", {}, { authorization: `Bearer ${token}` })).body).toEqual({ data: { me: "op@example.com" } });
  });

  it("passes the gateway's request id on to the resolvers", async () => {
    expect((await signedPost(server.url, "{ requestId }", {}, { "x-request-id": "gw-req-0001" })).body).toEqual({ data: { requestId: "gw-req-0001" } });
  });

  it("answers an unknown path and an unreadable body with JSON errors", async () => {
    const missing = await fetch(server.url.replace("/graphql", "/nowhere"));
    expect([missing.status, await missing.json()]).toEqual([404, { errors: [{ message: "Not found", extensions: { code: "NOT_FOUND" } }] }]);
    const encoded = await fetch(server.url, { method: "POST", body: "{}", headers: { "content-type": "application/json", "content-encoding": "foo" } });
    expect(encoded.status).toBe(415);
    expect(await encoded.json()).toEqual({ errors: [{ message: "The request could not be read", extensions: { code: "BAD_REQUEST" } }] });
  });
});

const wsUrl = () => server.url.replace(/^http/, "ws");
function socket(authorization?: string, extra: Record<string, unknown> = {}) {
  let closed: (e: { code: number; reason: string }) => void = () => {};
  const closedWith = new Promise<{ code: number; reason: string }>((r) => (closed = r));
  const connectionParams = { ...(authorization ? { authorization } : {}), signature: signRequestBody(socketSignaturePayload(authorization), SECRET), ...extra };
  const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, connectionParams, lazy: false, retryAttempts: 0, onNonLazyError: () => {}, on: { closed: (e) => closed(e as never) } });
  return { client, closedWith };
}
const run = (client: Client, query: string, variables?: Record<string, unknown>) =>
  new Promise<{ events: unknown[]; errors?: { message: string; extensions?: Record<string, unknown> }[] }>((resolve) => {
    const events: unknown[] = [];
    client.subscribe({ query, variables }, { next: (e) => events.push(e), error: (errors) => resolve({ events, errors: errors as never }), complete: () => resolve({ events }) });
  });

describe("over graphql-ws", () => {
  it("acts as the token's identity for the socket's life, with the request id it was opened with", async () => {
    const { token } = await signToken(identity, JWT);
    const { client } = socket(`Bearer ${token}`, { "x-request-id": "ws-req-0001" });
    expect(await run(client, "subscription { whoami }")).toEqual({ events: [{ data: { whoami: "op@example.com" } }] });
    expect(await run(client, "subscription { requestId }")).toEqual({ events: [{ data: { requestId: "ws-req-0001" } }] });
    await client.dispose();
  });

  it("closes a socket whose (signed) token is bad with 4401, and one whose token expires when it does", async () => {
    const bad = socket("Bearer not.a.token");
    expect(await bad.closedWith).toMatchObject({ code: 4401, reason: expect.stringMatching(/^Unauthorized/) });
    await bad.client.dispose();
    const { token } = await signToken(identity, { ...JWT, ttlSeconds: 2 });
    const expiring = socket(`Bearer ${token}`);
    expect(await run(expiring.client, "subscription { whoami }")).toEqual({ events: [{ data: { whoami: "op@example.com" } }] });
    expect(await expiring.closedWith).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    await expiring.client.dispose();
  });

  it("lets an anonymous socket in, and its operations fail UNAUTHENTICATED where they need a caller", async () => {
    const { client } = socket();
    const res = await run(client, "subscription { whoami }");
    expect(res).toEqual({ events: [], errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })] });
    await client.dispose();
  });

  it("refuses unstorable strings and unparsable documents before any resolver runs, and masks internal failures", async () => {
    const { client } = socket();
    const calls = resolverCalls;
    const nul = await run(client, "subscription($t: String!) { echo(text: $t) }", { t: "x\u0000" });
    expect(nul.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "t" }) })]);
    const garbled = await run(client, "subscription { echo(text: ");
    expect(garbled.errors).toEqual([expect.objectContaining({ extensions: { code: "GRAPHQL_PARSE_FAILED" } })]);
    expect(resolverCalls).toBe(calls);
    const failed = await run(client, "subscription { fail }");
    expect(JSON.stringify(failed)).not.toMatch(/SELECT|internals/);
    expect(JSON.stringify(failed)).toMatch(/INTERNAL_SERVER_ERROR/);
    expect(await run(client, `subscription { echo(text: "fine") }`)).toEqual({ events: [{ data: { echo: "fine" } }] });
    await client.dispose();
  });
});

describe("health", () => {
  it("is open, names the service, and answers 503 once its database stops answering", async () => {
    const up = await fetch(server.url.replace("/graphql", "/health"));
    expect([up.status, await up.json()]).toEqual([200, { status: "ok", service: "guarded", checks: { database: { status: "up" } } }]);
    await db.close();
    const down = await fetch(server.url.replace("/graphql", "/health"));
    expect([down.status, await down.json()]).toMatchObject([503, { status: "unavailable", service: "guarded", checks: { database: { status: "down" } } }]);
  });
});
