import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { signToken } from "@floorgraph/auth";
import { sseSubscribe, wsClient, type TestSocket } from "@floorgraph/testing";
import { JWT, startLab, type Lab } from "./support/lab.ts";

// The gateway's socket limits, with low numbers so the test stays small: message size, connection_init
// deadline, sockets per address, subscriptions per socket and per principal (sockets and SSE together).
const LIMITS = { maxMessageBytes: 50_000, maxSubscriptionsPerSocket: 4, maxSubscriptionsPerPrincipal: 6, maxSocketsPerAddress: 5, connectionInitTimeoutMs: 400 };
let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ sockets: LIMITS });
});
afterAll(() => lab?.stop());

const TICKS = "subscription { ticks { n } }";
const open: TestSocket[] = [];
const socket = (token?: string) => {
  const s = wsClient(lab.url, token);
  open.push(s);
  return s;
};
const closeAll = async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
  await until(() => lab.gateway.subscriptionStats().clientSockets === 0 && lab.gateway.subscriptionStats().clients === 0);
};
async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
const firstCode = (event: { errors?: { extensions?: { code?: string } }[] }) => event.errors?.[0]?.extensions?.code;

/** A raw graphql-transport-ws socket, for what the client library will not do (oversize messages, silence). */
function rawSocket() {
  const ws = new WebSocket(lab.url.replace(/^http/, "ws"), "graphql-transport-ws");
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.once("close", (code) => resolve({ code })));
  const messages: unknown[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data))));
  return { ws, opened, closed, messages };
}

describe("WebSocket limits", () => {
  it("closes a socket whose message is over MAX_SOCKET_MESSAGE_BYTES with 1009, without executing it", async () => {
    const raw = rawSocket();
    await raw.opened;
    raw.ws.send(JSON.stringify({ type: "connection_init", payload: {} }));
    await until(() => raw.messages.length > 0);
    const before = lab.mutations();
    raw.ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "mutation { touch }", variables: { pad: "x".repeat(200_000) } } }));
    expect((await raw.closed).code).toBe(1009);
    expect(lab.mutations()).toBe(before);
    expect((await fetch(`${lab.base}/health`)).status).toBe(200);
  });

  it("executes the same mutation sent within the size limit (the refusal above was the size)", async () => {
    const raw = rawSocket();
    await raw.opened;
    raw.ws.send(JSON.stringify({ type: "connection_init", payload: {} }));
    await until(() => raw.messages.length > 0);
    const before = lab.mutations();
    raw.ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "mutation { touch }" } }));
    await until(() => lab.mutations() === before + 1);
    raw.ws.close();
  });

  it("closes a socket that never sends connection_init with 4408", async () => {
    const raw = rawSocket();
    await raw.opened;
    expect((await raw.closed).code).toBe(4408);
  });

  it("refuses the upgrade with HTTP 429 once an address holds MAX_SOCKETS_PER_ADDRESS sockets, and takes one again after a close", async () => {
    const raws = Array.from({ length: LIMITS.maxSocketsPerAddress }, () => rawSocket());
    await Promise.all(raws.map((r) => r.opened));
    const refused = new WebSocket(lab.url.replace(/^http/, "ws"), "graphql-transport-ws");
    const status = await new Promise<number>((resolve) => {
      refused.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      refused.once("open", () => resolve(101));
    });
    expect(status).toBe(429);
    raws[0]?.ws.close();
    await raws[0]?.closed;
    await until(() => lab.gateway.subscriptionStats().clientSockets < LIMITS.maxSocketsPerAddress);
    const again = rawSocket();
    await again.opened;
    for (const r of [...raws, again]) r.ws.terminate();
    await until(() => lab.gateway.subscriptionStats().clientSockets === 0);
  });
});

describe("subscription limits", () => {
  afterAll(closeAll);

  it("refuses subscriptions over MAX_SUBSCRIPTIONS_PER_SOCKET with TOO_MANY_SUBSCRIPTIONS and keeps the socket open", async () => {
    const s = socket();
    const subs = Array.from({ length: LIMITS.maxSubscriptionsPerSocket + 2 }, () => s.subscribe<{ ticks: { n: number } }>(TICKS));
    const first = await Promise.all(subs.map((sub) => sub.next()));
    expect(first.map(firstCode)).toEqual([...Array(LIMITS.maxSubscriptionsPerSocket).fill(undefined), "TOO_MANY_SUBSCRIPTIONS", "TOO_MANY_SUBSCRIPTIONS"]);
    // The socket still serves: the accepted ones keep ticking, and a query answers.
    await subs[0]?.next((e) => (e.data?.ticks.n ?? 0) > 1);
    const hello = s.subscribe<{ hello: string }>("{ hello }");
    expect((await hello.next()).data).toEqual({ hello: "world" });
    // Ending one frees its place.
    subs[0]?.stop();
    await until(() => lab.gateway.subscriptionStats().clients === LIMITS.maxSubscriptionsPerSocket - 1);
    const replacement = s.subscribe(TICKS);
    expect(firstCode(await replacement.next())).toBeUndefined();
  });

  it("counts a principal's subscriptions across sockets and SSE (MAX_SUBSCRIPTIONS_PER_PRINCIPAL)", async () => {
    await closeAll();
    // Anonymous callers from one address are one principal.
    const a = socket();
    const b = socket();
    const onA = Array.from({ length: 4 }, () => a.subscribe(TICKS));
    const onB = Array.from({ length: 2 }, () => b.subscribe(TICKS));
    expect((await Promise.all([...onA, ...onB].map((s) => s.next()))).map(firstCode)).toEqual(Array(6).fill(undefined));
    expect(firstCode(await b.subscribe(TICKS).next())).toBe("TOO_MANY_SUBSCRIPTIONS");
    const sse = sseSubscribe(lab.url, TICKS);
    expect(firstCode(await sse.next())).toBe("TOO_MANY_SUBSCRIPTIONS");
    sse.stop();
    // A signed-in user is a principal of its own.
    const { token } = await signToken({ userId: "u-1", email: "u1@example.com", role: "ADMIN", partnerId: null, scopes: [], kind: "user" }, JWT);
    const user = socket(token);
    expect(firstCode(await user.subscribe(TICKS).next())).toBeUndefined();
  });
});

describe("SSE routing", () => {
  const URQL_ACCEPT = "application/graphql-response+json, application/json, text/event-stream";
  const post = (query: string, accept: string) =>
    fetch(lab.url, { method: "POST", headers: { "content-type": "application/json", accept }, body: JSON.stringify({ query }) });

  it("answers a plain query with urql's default Accept as JSON", async () => {
    const res = await post("{ hello }", URQL_ACCEPT);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect(await res.json()).toEqual({ data: { hello: "world" } });
  });

  it("streams a subscription with urql's default Accept, and anything when event-stream is preferred", async () => {
    for (const [query, accept] of [[TICKS, URQL_ACCEPT], ["{ hello }", "text/event-stream"], ["{ hello }", "text/event-stream, application/json;q=0.5"]] as const) {
      const controller = new AbortController();
      const res = await fetch(lab.url, { method: "POST", headers: { "content-type": "application/json", accept }, body: JSON.stringify({ query }), signal: controller.signal });
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = res.body?.getReader();
      let text = "";
      for (let i = 0; i < 10 && !/event: next/.test(text); i++) text += new TextDecoder().decode((await reader?.read())?.value);
      expect(text).toMatch(/event: next\ndata: \{"data":\{"(ticks|hello)"/);
      controller.abort();
    }
  });
});
