import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { tokenFor, wsClient, type TestSocket } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// Issue 11, the gateway's transports under abuse, through the whole system: every refusal is a JSON
// GraphQL error with a code (never HTML, never a 500), nothing refused is executed, and the gateway
// stays healthy with its memory (this process's RSS: the stack runs in it) growing less than
// RSS_LIMIT per attack. The response cap is lowered so a real query can exceed it.
const MAX_RESPONSE_BYTES = 20_000;
const RSS_LIMIT = 200 * 1024 * 1024;
const SUBSCRIPTIONS_PER_SOCKET = 50;
const SOCKETS_PER_ADDRESS = 50;
// Large in bytes (~70 kB) but within a user's cost budget (600): 200 orders' lines (120,000) would be
// refused by demand control before it could grow too large.
const BIG_ORDERS = `{ orders(first: 200) { id number status priority createdAt updatedAt externalReference customer { email name } shipTo { name line1 city postalCode country } } }`;

let stack: TestStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack({ gatewayLimits: { budget: { maxResponseBytes: MAX_RESPONSE_BYTES } } });
  token = await tokenFor("OPERATOR");
});
afterAll(() => stack?.stopAll());

const base = () => stack.url.replace(/\/graphql$/, "");
const orderCount = () => (stack.subgraphs.orders.booted.prisma as unknown as { order: { count(): Promise<number> } }).order.count();
const sockets: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.dispose()));
  await until(() => stack.gateway.subscriptionStats().clientSockets === 0);
});

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs one attack, then asserts the gateway answers /health and this process's RSS grew less than RSS_LIMIT. */
async function attack(run: () => Promise<void>) {
  const before = process.memoryUsage().rss;
  await run();
  expect((await fetch(`${base()}/health`)).status).toBe(200);
  expect(process.memoryUsage().rss - before).toBeLessThan(RSS_LIMIT);
}

/** Status, media type and error codes of a response that must be a JSON GraphQL error body. */
async function jsonError(response: Response) {
  const text = await response.text();
  expect(text).not.toMatch(/<html|<!DOCTYPE|node_modules|\bat .+:\d+:\d+/i);
  const body = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
  expect(body.errors?.[0]?.message).toEqual(expect.any(String));
  return { status: response.status, type: response.headers.get("content-type")?.split(";")[0], codes: body.errors?.map((e) => e.extensions?.code) };
}

function rawSocket() {
  const ws = new WebSocket(stack.url.replace(/^http/, "ws"), "graphql-transport-ws");
  const opened = new Promise<number>((resolve) => {
    ws.once("open", () => resolve(101));
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
  });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  ws.on("error", () => {});
  const messages: { type?: string }[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data))));
  return { ws, opened, closed, messages };
}

describe("abuse of the gateway's transports", () => {
  it("answers a form body (curl -d 'hello') 415 with a JSON error", () =>
    attack(async () => {
      const res = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "hello" });
      expect(await jsonError(res)).toEqual({ status: 415, type: "application/json", codes: ["BAD_REQUEST"] });
    }));

  it("answers an unterminated query GRAPHQL_PARSE_FAILED: 200 as application/json, 400 as graphql-response+json", () =>
    attack(async () => {
      const body = `{"query":"{ orders(first: 5) { number "}`;
      const json = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      expect(await jsonError(json)).toEqual({ status: 200, type: "application/json", codes: ["GRAPHQL_PARSE_FAILED"] });
      const strict = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json" }, body });
      expect(await jsonError(strict)).toEqual({ status: 400, type: "application/graphql-response+json", codes: ["GRAPHQL_PARSE_FAILED"] });
      const broken = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json" }, body: `{"query":"{ orders(first: 5) { number }` });
      expect(await jsonError(broken)).toEqual({ status: 400, type: "application/json", codes: ["BAD_REQUEST"] });
    }));

  it("answers a 10 MB body 413 PAYLOAD_TOO_LARGE with a JSON error, and writes nothing", () =>
    attack(async () => {
      const before = await orderCount();
      const input = { idempotencyKey: "abuse-10mb", lines: [{ skuCode: "SKU-00002", quantity: 1 }], externalReference: "x".repeat(10 * 1024 * 1024) };
      const res = await fetch(stack.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }", variables: { input } }),
      });
      expect(await jsonError(res)).toEqual({ status: 413, type: "application/json", codes: ["PAYLOAD_TOO_LARGE"] });
      expect(await orderCount()).toBe(before);
    }));

  it("closes a socket sending a 5 MB message with 1009 and does not execute it", () =>
    attack(async () => {
      const before = await orderCount();
      const raw = rawSocket();
      expect(await raw.opened).toBe(101);
      raw.ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
      await until(() => raw.messages.some((m) => m.type === "connection_ack"));
      const input = { idempotencyKey: "abuse-5mb-ws", lines: [{ skuCode: "SKU-00002", quantity: 1 }], externalReference: "x".repeat(5 * 1024 * 1024) };
      raw.ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }", variables: { input } } }));
      expect(await raw.closed).toBe(1009);
      expect(raw.messages.filter((m) => m.type === "next")).toEqual([]);
      expect(await orderCount()).toBe(before);
    }));

  it("refuses subscriptions over 50 on one socket with TOO_MANY_SUBSCRIPTIONS and keeps serving the others", () =>
    attack(async () => {
      const socket = wsClient(stack.url, token);
      sockets.push(socket);
      const subs = Array.from({ length: 60 }, () => socket.subscribe(`subscription { conveyorChanged { id state } }`));
      const refused = await Promise.all(subs.slice(SUBSCRIPTIONS_PER_SOCKET).map((s) => s.next()));
      expect(refused.map((e) => e.errors?.[0]?.extensions?.code)).toEqual(Array(10).fill("TOO_MANY_SUBSCRIPTIONS"));
      await until(() => stack.gateway.subscriptionStats().clients === SUBSCRIPTIONS_PER_SOCKET);
      const me = await socket.subscribe<{ me: { role: string } }>("{ me { role } }").next();
      expect(me.data).toEqual({ me: { role: "OPERATOR" } });
    }));

  it("refuses the 51st socket from one address with HTTP 429", () =>
    attack(async () => {
      const raws = Array.from({ length: 60 }, () => rawSocket());
      const statuses = await Promise.all(raws.map((r) => r.opened));
      expect(statuses.filter((s) => s === 101)).toHaveLength(SOCKETS_PER_ADDRESS);
      expect(statuses.filter((s) => s === 429)).toHaveLength(60 - SOCKETS_PER_ADDRESS);
      for (const r of raws) r.ws.terminate();
    }));

  it("closes a socket that never sends connection_init with 4408", () =>
    attack(async () => {
      const raw = rawSocket();
      expect(await raw.opened).toBe(101);
      expect(await raw.closed).toBe(4408);
    }));

  it("refuses a response over MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE instead of sending it", () =>
    attack(async () => {
      const res = await fetch(stack.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: BIG_ORDERS }),
      });
      const text = await res.clone().text();
      expect(text.length).toBeLessThan(MAX_RESPONSE_BYTES);
      const { codes } = await jsonError(res);
      expect(codes).toContain("RESPONSE_TOO_LARGE");
      // A small query still answers.
      const small = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: "{ orders(first: 2) { number } }" }) });
      expect(((await small.json()) as { data: { orders: unknown[] } }).data.orders).toHaveLength(2);
    }));
});
