import { randomBytes, randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway } from "@floorgraph/gateway";
import { gql, tokenFor } from "@floorgraph/testing";
import { startMemoryTracing, type ReadableSpan } from "@floorgraph/tracing/testing";
import { createFlow, ok, type Flow } from "./flow.ts";
import { startTestStack, waitForQuiet, type TestStack, startExtraGateway } from "./harness.ts";

// One process, one tracer provider: every part's spans land in one in-memory exporter, told
// apart by their `floorgraph.service` attribute (a separate process has it as its service.name).
const tracing = startMemoryTracing();
afterAll(() => tracing.shutdown());

const PLACE = `mutation PlaceTraced($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;
const serviceOf = (span: ReadableSpan) => span.attributes["floorgraph.service"];
const inTrace = (traceId: string) => tracing.spans().filter((s) => s.spanContext().traceId === traceId);

// One system, two gateways on it: the stack's with @apollo/gateway's executor, a second with the
// project's (GATEWAY_EXECUTOR=floorgraph), so both executors are traced without booting twice.
let stack: TestStack;
let floorgraphGateway: RunningGateway;
let flow: Flow;
let token: string;
let sku: string;

beforeAll(async () => {
  stack = await startTestStack({ gateway: { executor: "apollo" } });
  floorgraphGateway = await startExtraGateway(stack, { executor: "floorgraph" }, "tracing-floorgraph-gateway");
  token = await tokenFor("ADMIN");
  flow = createFlow(stack.url, token);
  const [location] = await flow.pickLocations(1);
  sku = `T-TRACE-${randomUUID().slice(0, 8).toUpperCase()}`;
  await flow.createSku(sku, [{ locationId: location!.id, quantity: 50 }]);
  await waitForQuiet(stack);
});
afterAll(async () => {
  await floorgraphGateway?.stop();
  await stack?.stopAll();
});

describe.each(["apollo", "floorgraph"] as const)("tracing with GATEWAY_EXECUTOR=%s", (executor) => {
  const url = () => (executor === "apollo" ? stack.url : floorgraphGateway.url);

  it("follows a placeOrder sent with a traceparent from the gateway through orders, inventory and warehouse to its pick tasks, in the caller's trace", async () => {
    const traceId = randomBytes(16).toString("hex");
    const callerSpanId = randomBytes(8).toString("hex");
    const response = await gql<{ placeOrder: { id: string } }>(url(), PLACE, { input: { idempotencyKey: randomUUID(), lines: [{ skuCode: sku, quantity: 2 }] } }, token, {
      traceparent: `00-${traceId}-${callerSpanId}-01`,
    });
    const orderId = ok(response).placeOrder.id;
    await flow.waitForOrder(orderId, (o) => o.status === "ALLOCATED" && o.pickTasks.length > 0, "ALLOCATED with pick tasks");
    await waitForQuiet(stack);

    const spans = inTrace(traceId);
    // The gateway's span continues the caller's, named after the operation.
    const root = spans.find((s) => s.kind === SpanKind.SERVER && serviceOf(s) === "gateway");
    expect(root?.name).toBe("mutation PlaceTraced");
    expect(root?.parentSpanContext?.spanId).toBe(callerSpanId);
    // The plan: @apollo/gateway's own spans, or the floorgraph executor's.
    expect(spans.map((s) => s.name)).toContain(executor === "apollo" ? "gateway.plan" : "gateway.execute");
    // A span per subgraph fetch, with the traceparent passed on: the orders subgraph's operation is its child.
    const fetch = spans.find((s) => s.kind === SpanKind.CLIENT && s.attributes["floorgraph.subgraph"] === "orders");
    expect(fetch).toBeDefined();
    const ordersOperation = spans.find((s) => s.kind === SpanKind.SERVER && serviceOf(s) === "orders");
    expect(ordersOperation?.parentSpanContext?.spanId).toBe(fetch?.spanContext().spanId);
    expect(ordersOperation?.attributes["graphql.operation.type"]).toBe("mutation");
    // Prisma's own spans (@prisma/instrumentation with the driver adapter) inside the orders operation.
    expect(spans.some((s) => s.name.startsWith("prisma:client:") && s.instrumentationScope.name === "prisma")).toBe(true);
    // The events: inventory reserves on order.placed, warehouse plans pick tasks further on.
    const handled = spans.filter((s) => s.kind === SpanKind.CONSUMER).map((s) => `${serviceOf(s)}:${s.name}`);
    expect(handled).toContain("inventory:order.placed process");
    expect(handled.some((h) => h.startsWith("warehouse:"))).toBe(true);
    for (const service of ["gateway", "orders", "inventory", "warehouse"]) expect(spans.some((s) => serviceOf(s) === service)).toBe(true);
    // One tree: every span's parent is in the trace (the gateway's is the caller's).
    const ids = new Set([callerSpanId, ...spans.map((s) => s.spanContext().spanId)]);
    expect(spans.filter((s) => !ids.has(s.parentSpanContext?.spanId ?? "")).map((s) => s.name)).toEqual([]);
  });

  it("starts a trace of its own for a request without a traceparent", async () => {
    tracing.reset();
    ok(await gql(url(), `query LocationsUntraced { locations(type: PICK, first: 1) { id code } }`, {}, token));
    const root = tracing.spans().find((s) => s.kind === SpanKind.SERVER && s.name === "query LocationsUntraced");
    expect(root).toBeDefined();
    expect(root?.parentSpanContext).toBeUndefined();
    const spans = inTrace(root!.spanContext().traceId);
    expect(spans.some((s) => s.kind === SpanKind.SERVER && serviceOf(s) !== "gateway")).toBe(true);
  });
});
