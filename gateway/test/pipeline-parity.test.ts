import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RevocationList, signToken, type Identity } from "@floorgraph/auth";
import { wsClient, type TestSocket } from "@floorgraph/testing";
import { DEFAULT_LIMITS } from "../src/config.ts";
import { JWT, startLab, type Lab } from "./support/lab.ts";

// The same refusals, with the same extensions.code, whichever transport an operation arrives by: GraphQL
// over HTTP, graphql-ws and graphql-sse all run the gateway's one pipeline (docs/gateway-pipeline.md).
// Over the sockets the operations are subscriptions where they can be (the subscription engine's path),
// queries where a subscription cannot say it (introspection, a rate limit counted per operation).
// The lab: production (introspection for staff only), depth at most 3, every caller's cost budget 2.
const revocations = new RevocationList();
let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ revocations, access: { production: true }, limits: { ...DEFAULT_LIMITS, maxDepth: 3 }, costBudgets: { anonymous: 2, user: 2, apiKey: 2 } });
});
afterAll(async () => {
  await lab?.stop();
  await revocations.close();
});

type Transport = "http" | "ws" | "sse";
const TRANSPORTS: Transport[] = ["http", "ws", "sse"];
/** What a transport answered: the first error's code and the data, an HTTP status, or the socket's close code. */
interface Outcome {
  code?: string;
  message?: string;
  data?: unknown;
  status?: number;
  closeCode?: number;
}

const user = (userId: string, extra: Partial<Identity> = {}): Identity => ({ userId, email: `${userId}@example.test`, role: "VIEWER", partnerId: null, scopes: [], kind: "user", ...extra });
const tokenFor = async (identity: Identity, ttlSeconds = 600) => (await signToken(identity, { secret: JWT.secret, ttlSeconds })).token;
const codeOf = (body: { errors?: { extensions?: { code?: string } }[] } | undefined) => body?.errors?.[0]?.extensions?.code;
const messageOf = (body: { errors?: { message?: string }[] } | undefined) => body?.errors?.[0]?.message;

async function overHttp(query: string, token?: string): Promise<Outcome> {
  const response = await fetch(lab.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, code: codeOf(body), data: body.data, ...(body.errors ? { message: messageOf(body as never) } : {}) };
}

const sockets: TestSocket[] = [];
async function overWs(query: string, token?: string, socket?: TestSocket): Promise<Outcome> {
  const s = socket ?? wsClient(lab.url, token);
  if (!socket) sockets.push(s);
  const subscription = s.subscribe(query);
  const outcome = await Promise.race([
    subscription.next().then((event) => ({ code: codeOf(event as never), data: event.data, ...(event.errors ? { message: messageOf(event as never) } : {}) }) as Outcome),
    subscription.ended.then(({ errors }) => ({ code: codeOf({ errors: errors as never }) }) as Outcome),
    s.closed.then(({ code }) => ({ closeCode: code }) as Outcome),
  ]);
  subscription.stop();
  return outcome;
}

/** graphql-sse by hand: a refusal is a JSON answer with a status, an operation's outcome the first `next` event. */
async function overSse(query: string, token?: string): Promise<Outcome> {
  const controller = new AbortController();
  const response = await fetch(lab.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
    signal: controller.signal,
  });
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    return { status: response.status, code: codeOf((await response.json()) as never) };
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const match = /event: next\ndata: (.*)\n/.exec(text);
    if (match) {
      controller.abort();
      const body = JSON.parse(match[1] as string) as { data?: unknown; errors?: never };
      return { status: response.status, code: codeOf(body), data: body.data, ...(body.errors ? { message: messageOf(body) } : {}) };
    }
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`the stream ended without an event: ${text}`);
    text += decoder.decode(chunk.value, { stream: true });
  }
}

const over = (transport: Transport, query: string, token?: string) =>
  transport === "http" ? overHttp(query, token) : transport === "ws" ? overWs(query, token) : overSse(query, token);
/** A query over HTTP, the same selection as a subscription over the sockets (the engine's path). */
const operation = (transport: Transport, selection: (root: string) => string) =>
  transport === "http" ? `{ ${selection("tick")} }` : `subscription { ${selection("ticks")} }`;

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
});

describe("the same refusals over HTTP, graphql-ws and SSE", () => {
  it("admits what is within every limit on every transport (so the refusals below are the limits')", async () => {
    const token = await tokenFor(user("u-within"));
    for (const transport of TRANSPORTS) {
      const outcome = await over(transport, operation(transport, (root) => `${root} { next { n } }`), token);
      expect(outcome.code, transport).toBeUndefined();
      expect(outcome.data, transport).toMatchObject({ [transport === "http" ? "tick" : "ticks"]: { next: { n: expect.any(Number) } } });
    }
  });

  it("refuses an expired token: UNAUTHENTICATED (HTTP and SSE 401; the socket closes with 4401)", async () => {
    const expired = await tokenFor(user("u-expired"), -60);
    const http = await overHttp("{ hello }", expired);
    const sse = await overSse("subscription { ticks { n } }", expired);
    const ws = await overWs("subscription { ticks { n } }", expired);
    expect(http).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(sse).toEqual({ status: 401, code: "UNAUTHENTICATED" });
    expect(ws).toEqual({ closeCode: 4401 });
  });

  it("refuses a revoked token the same way, and ends an open stream and socket when it is revoked", async () => {
    const before = await tokenFor(user("u-revoked"));
    const socket = wsClient(lab.url, before);
    sockets.push(socket);
    expect((await overWs("subscription { ticks { n } }", undefined, socket)).code).toBeUndefined();
    await new Promise((r) => setTimeout(r, 5));
    await revocations.revoke("user", "u-revoked");
    expect((await socket.closed).code).toBe(4401);
    expect(await overHttp("{ hello }", before)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(await overSse("subscription { ticks { n } }", before)).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(await overWs("subscription { ticks { n } }", before)).toEqual({ closeCode: 4401 });
    // A token issued after the revocation is good again, everywhere.
    const after = await tokenFor(user("u-revoked"));
    for (const transport of TRANSPORTS) expect((await over(transport, operation(transport, (root) => `${root} { n }`), after)).code, transport).toBeUndefined();
  });

  it("counts every operation against the caller's rate limit: RATE_LIMITED once it is spent (HTTP and SSE 429)", async () => {
    for (const transport of TRANSPORTS) {
      const token = await tokenFor(user(`u-rate-${transport}`, { rateLimit: { requestsPerMinute: 2, costPerMinute: 1_000_000 } }));
      const socket = transport === "ws" ? wsClient(lab.url, token) : undefined;
      if (socket) sockets.push(socket);
      const run = () => (socket ? overWs("{ hello }", undefined, socket) : over(transport, "{ hello }", token));
      const outcomes = [await run(), await run(), await run()];
      expect(outcomes.map((o) => o.code), transport).toEqual([undefined, undefined, "RATE_LIMITED"]);
      if (transport !== "ws") expect(outcomes[2]?.status, transport).toBe(429);
    }
  });

  it("refuses an operation deeper than MAX_DEPTH before planning it: GRAPHQL_VALIDATION_FAILED", async () => {
    const token = await tokenFor(user("u-depth"));
    for (const transport of TRANSPORTS) {
      const outcome = await over(transport, operation(transport, (root) => `${root} { next { next { n } } }`), token);
      expect(outcome.code, transport).toBe("GRAPHQL_VALIDATION_FAILED");
    }
  });

  it("hides field suggestions in production on every transport", async () => {
    for (const transport of TRANSPORTS) {
      const outcome = await over(transport, operation(transport, (root) => `${root} { nn }`));
      expect(outcome.code, `${transport} ${JSON.stringify(outcome)}`).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(outcome.message, transport).toMatch(/Cannot query field "nn" on type "Tick"\. \[Suggestion hidden\]/);
    }
  });

  it("refuses an operation over the caller's cost budget: COST_ESTIMATED_TOO_EXPENSIVE", async () => {
    const token = await tokenFor(user("u-cost"));
    for (const transport of TRANSPORTS) {
      const outcome = await over(transport, operation(transport, (root) => `${root} { a: next { n } b: next { n } c: next { n } }`), token);
      expect(outcome.code, transport).toBe("COST_ESTIMATED_TOO_EXPENSIVE");
    }
  });

  it("refuses a free-form operation from a registered-operations-only key: FORBIDDEN (HTTP and SSE 403)", async () => {
    const key = await tokenFor(user("u-key", { role: "PARTNER", kind: "api-key", apiKeyId: "k-parity", partnerId: "p-parity", registeredOperationsOnly: true }));
    for (const transport of TRANSPORTS) {
      const outcome = await over(transport, operation(transport, (root) => `${root} { n }`), key);
      expect(outcome.code, transport).toBe("FORBIDDEN");
      if (transport !== "ws") expect(outcome.status, transport).toBe(403);
    }
  });

  it("refuses introspection to a caller who is not staff in production, and allows it to staff: FORBIDDEN", async () => {
    const introspection = "{ __schema { queryType { name } } }";
    const staff = await tokenFor(user("u-staff", { role: "ADMIN" }));
    for (const transport of TRANSPORTS) {
      expect((await over(transport, introspection)).code, transport).toBe("FORBIDDEN");
      expect((await over(transport, introspection, staff)).data, transport).toEqual({ __schema: { queryType: { name: "Query" } } });
    }
  });
});
