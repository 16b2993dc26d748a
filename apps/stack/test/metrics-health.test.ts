import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { scrape, total, samples } from "@floorgraph/metrics/testing";
import { gql } from "@floorgraph/testing";
import { startFloorSimulator, type FloorSimulator } from "@floorgraph/wcs-bridge/simulator";
import { startTestStack, type TestStack } from "./harness.ts";

// Metrics, health and request ids of the whole system, read as Prometheus and a prober would.
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const ORDERS = `query MetricsOrders { orders(first: 3) { id number customer { email } lines { sku { code } } } }`;

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let stack: TestStack;
let token: string;
let restartedSimulator: FloorSimulator | null = null;
const origin = (url: string) => new URL(url).origin;
const health = async (url: string, path: string) => {
  const response = await fetch(`${origin(url)}${path}`);
  return { status: response.status, body: (await response.json()) as { status: string; checks?: Record<string, { status: string; error?: string }> } };
};
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  stack = await startTestStack({ metricsPort: 0, logger: pino({ level: "debug" }, sink) });
  token = (await gql(stack.url, LOGIN, { email: "admin@floorgraph.dev", password: DEMO_PASSWORD })).data?.login.token;
  for (let i = 0; i < 3; i++) expect((await gql(stack.url, ORDERS, {}, token)).errors).toBeUndefined();
  // Refused before it runs: counted with its code, under the name it gave.
  await gql(stack.url, `query MetricsBroken { orders(first: 1) { noSuchField } }`, {}, token);
}, 300_000);
afterAll(async () => {
  await stack?.stopAll();
  await restartedSimulator?.stop();
});

describe("metrics", () => {
  it("the gateway's /metrics counts operations by name, type and result code, with latency histograms and subgraph fetches", async () => {
    const m = await scrape(`${origin(stack.url)}/metrics`);
    const ok = { service: "gateway", operation_name: "MetricsOrders", operation_type: "query", code: "OK" };
    expect(total(m, "graphql_requests_total", ok)).toBe(3);
    expect(total(m, "graphql_request_duration_seconds", ok)).toBe(3);
    expect(total(m, "graphql_requests_total", { service: "gateway", operation_name: "Login", operation_type: "mutation", code: "OK" })).toBe(1);
    expect(total(m, "graphql_requests_total", { service: "gateway", operation_name: "MetricsBroken", code: "GRAPHQL_VALIDATION_FAILED" })).toBe(1);
    // Every query plan fetched from orders; the customers come from users.
    expect(total(m, "gateway_subgraph_fetches_total", { subgraph: "orders", outcome: "ok" })).toBeGreaterThanOrEqual(3);
    expect(total(m, "gateway_subgraph_fetch_duration_seconds", { subgraph: "users" })).toBeGreaterThanOrEqual(3);
    expect(total(m, "gateway_operation_cost_estimated")).toBeGreaterThanOrEqual(4);
    expect(total(m, "gateway_operation_cost_actual")).toBeGreaterThanOrEqual(4);
    expect(m.get("gateway_subscriptions")?.type).toBe("GAUGE");
  });

  it("a subgraph's /metrics counts the gateway's fetches of it, under its own service label", async () => {
    const m = await scrape(`${origin(stack.subgraphs.orders.url)}/metrics`);
    const mine = samples(m, "graphql_requests_total", { service: "orders", operation_type: "query", code: "OK" });
    // @apollo/gateway names a plan's fetch after the client's operation.
    expect(mine.filter((s) => s.labels.operation_name?.startsWith("MetricsOrders")).reduce((n, s) => n + s.value, 0)).toBe(3);
    expect(samples(m, "graphql_requests_total").every((s) => s.labels.service === "orders")).toBe(true);
    expect(total(m, "events_outbox_backlog", { service: "orders" })).toBeGreaterThanOrEqual(0);
    expect(samples(m, "events_dead_letters", { service: "orders", consumer: "orders" })).toHaveLength(1);
    expect(samples(m, "events_consumer_lag_messages", { service: "orders", group: "orders" })).toHaveLength(1);
  });

  it("npm start's metrics port serves every service, each labelled, and Node's runtime once", async () => {
    const m = await scrape(stack.metricsServer!.url);
    // Series appear once counted: the queries above reached the gateway, orders and users.
    const services = new Set(samples(m, "graphql_requests_total").map((s) => s.labels.service));
    expect([...services].sort()).toEqual(["gateway", "orders", "users"]);
    const outbox = new Set(samples(m, "events_outbox_backlog").map((s) => s.labels.service));
    expect(outbox).toEqual(new Set(Object.keys(stack.subgraphs)));
    expect(samples(m, "process_cpu_user_seconds_total").map((s) => s.labels.service)).toEqual(["floorgraph"]);
    expect(total(m, "wcs_opcua_session_up", { service: "wcs" })).toBe(1);
    expect(total(m, "wcs_devices_stale", { service: "wcs" })).toBe(0);
  });
});

describe("request ids", () => {
  it("the gateway echoes a sane x-request-id, replaces an insane one, and every log line of the request carries it", async () => {
    const id = "metrics-test-0001";
    const response = await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-request-id": id },
      body: JSON.stringify({ query: ORDERS }),
    });
    expect(response.headers.get("x-request-id")).toBe(id);
    await response.json();
    const insane = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "not a sane id; drop table" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(insane.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const generated = await fetch(stack.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // The gateway's operation line and the subgraphs' request lines (forwarded header) carry the id.
    const carrying = lines.filter((l) => l.requestId === id);
    expect(carrying.some((l) => l.service === "gateway" && l.msg === "operation")).toBe(true);
    expect(carrying.some((l) => l.service === "orders" && l.msg === "request")).toBe(true);
    expect(carrying.some((l) => l.service === "users" && l.msg === "request")).toBe(true);
  });
});

describe("health", () => {
  it("live and ready answer 200 on every service; /health keeps answering", async () => {
    for (const url of [stack.url, ...Object.values(stack.subgraphs).map((s) => s.url)]) {
      expect((await health(url, "/health/live")).status).toBe(200);
      const ready = await health(url, "/health/ready");
      expect(ready.status, url).toBe(200);
      expect((await health(url, "/health")).status).toBe(200);
      expect(ready.body.status).toBe("ok");
    }
    const orders = await health(stack.subgraphs.orders.url, "/health/ready");
    expect(orders.body.checks).toMatchObject({ database: { status: "up" }, bus: { status: "up" } });
    const gateway = await health(stack.url, "/health/ready");
    expect(Object.keys(gateway.body.checks ?? {}).sort()).toEqual(["supergraph", ...Object.keys(stack.subgraphs).map((n) => `subgraph:${n}`)].sort());
  });

  it("the gateway is not ready (503, the subgraph named down) while a subgraph is down, and ready again once it is back", async () => {
    await stack.subgraphs.orders.running.stop();
    const down = await until(() => health(stack.url, "/health/ready"), (h) => h.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.checks?.["subgraph:orders"]?.status).toBe("down");
    expect(down.body.checks?.["subgraph:inventory"]?.status).toBe("up");
    // Still live: it serves, and answers partial data meanwhile.
    expect((await health(stack.url, "/health/live")).status).toBe(200);
    expect((await health(stack.url, "/health")).status).toBe(200);
    await stack.restartSubgraph("orders");
    const up = await until(() => health(stack.url, "/health/ready"), (h) => h.status === 200);
    expect(up.status).toBe(200);
    // The restarted server counts on in the same series.
    const before = total(await scrape(`${origin(stack.subgraphs.orders.url)}/metrics`), "graphql_requests_total", { service: "orders" });
    expect(before).toBeGreaterThanOrEqual(3);
    expect((await gql(stack.url, ORDERS, {}, token)).errors).toBeUndefined();
    expect(total(await scrape(`${origin(stack.subgraphs.orders.url)}/metrics`), "graphql_requests_total", { service: "orders" })).toBe(before + 1);
  }, 60_000);

  it("the WCS bridge is not ready while its PLC session is down (devices stale), and ready again once it reconnected", async () => {
    const simulator = stack.simulator!;
    const port = simulator.port;
    await simulator.stop();
    const down = await until(() => health(stack.subgraphs.wcs.url, "/health/ready"), (h) => h.status === 503);
    expect(down.status).toBe(503);
    expect(down.body.checks?.plc?.status).toBe("down");
    const m = await scrape(stack.metricsServer!.url);
    expect(total(m, "wcs_opcua_session_up", { service: "wcs" })).toBe(0);
    expect(total(m, "wcs_devices_stale", { service: "wcs", kind: "Conveyor" })).toBeGreaterThan(0);
    restartedSimulator = await startFloorSimulator({ port, seed: 1, autoStart: true });
    const up = await until(() => health(stack.subgraphs.wcs.url, "/health/ready"), (h) => h.status === 200, 30_000);
    expect(up.status).toBe(200);
    expect(total(await scrape(stack.metricsServer!.url), "wcs_devices_stale", { service: "wcs" })).toBe(0);
  }, 60_000);
});
