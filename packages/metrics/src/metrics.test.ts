import { describe, expect, it } from "vitest";
import { BoundedLabel, createServiceMetrics, metricsText, Readiness } from "./index.ts";
import { parseMetrics, samples, total } from "./testing.ts";

describe("one exposition for several services", () => {
  it("writes each family once with every service's series under it (a scrape Prometheus accepts)", async () => {
    const gateway = createServiceMetrics("gateway");
    const orders = createServiceMetrics("orders", { runtime: true });
    gateway.graphql.observe({ operationName: "Orders", operationType: "query", errorCodes: [], seconds: 0.02 });
    gateway.graphql.observe({ operationName: "Orders", operationType: "query", errorCodes: ["BAD_USER_INPUT", "NOT_FOUND"], seconds: 0.01 });
    orders.graphql.observe({ operationName: "Orders__orders__0", operationType: "query", errorCodes: [], seconds: 0.005 });
    const text = await metricsText([gateway.registry, orders.registry]);
    expect(text.match(/^# TYPE graphql_requests_total /gm)).toHaveLength(1);
    const m = parseMetrics(text);
    expect(total(m, "graphql_requests_total", { service: "gateway", operation_name: "Orders", code: "OK" })).toBe(1);
    expect(total(m, "graphql_requests_total", { service: "gateway", code: "BAD_USER_INPUT" })).toBe(1);
    expect(total(m, "graphql_request_duration_seconds", { service: "gateway" })).toBe(2);
    expect(total(m, "graphql_request_duration_seconds", { service: "orders" })).toBe(1);
    expect(samples(m, "process_cpu_user_seconds_total").map((s) => s.labels.service)).toEqual(["orders"]);
  });

  it("refuses an exposition that declares a family twice", () => {
    const twice = "# TYPE a_total counter\na_total 1\n# TYPE a_total counter\na_total 2\n";
    expect(() => parseMetrics(twice)).toThrow(/declared twice/);
  });
});

describe("label cardinality", () => {
  it("keeps the first names up to the cap; later ones, malformed ones and absent ones are named so", () => {
    const names = new BoundedLabel(2);
    expect(["A", "B", "C", "A", "not a name", null].map((n) => names.value(n))).toEqual(["A", "B", "other", "A", "other", "anonymous"]);
  });

  it("a client sending a thousand operation names creates at most the cap's series", async () => {
    const metrics = createServiceMetrics("gateway", { maxOperationNames: 10 });
    for (let i = 0; i < 1000; i++) metrics.graphql.observe({ operationName: `Op${i}`, operationType: "query", errorCodes: [`CODE_${i}`], seconds: 0.001 });
    const m = parseMetrics(await metrics.registry.metrics());
    expect(new Set(samples(m, "graphql_requests_total").map((s) => s.labels.operation_name)).size).toBe(11);
    expect(new Set(samples(m, "graphql_requests_total").map((s) => s.labels.code)).size).toBeLessThanOrEqual(51);
    expect(total(m, "graphql_requests_total", { operation_name: "other" })).toBe(990);
  });
});

describe("readiness", () => {
  it("is ready only when every check answers in time, naming what is down and why", async () => {
    let databaseUp = false;
    const readiness = new Readiness("orders", { timeoutMs: 100 })
      .add("database", () => {
        if (!databaseUp) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      })
      .add("bus", () => ({ kind: "in-process" }));
    expect(await readiness.report()).toEqual({
      status: "unavailable",
      service: "orders",
      checks: { database: { status: "down", error: "connect ECONNREFUSED 127.0.0.1:5432" }, bus: { status: "up", details: { kind: "in-process" } } },
    });
    databaseUp = true;
    expect((await readiness.report()).status).toBe("ok");
    readiness.add("slow", () => new Promise(() => undefined));
    expect((await readiness.report()).checks.slow).toEqual({ status: "down", error: "no answer within 100 ms" });
  });
});
