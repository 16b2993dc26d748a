import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutor, type Executor } from "../../src/execution/index.ts";
import { startFixture, type RunningFixture, type SubgraphDef } from "../conformance/harness.ts";
import { products } from "../conformance/fixtures/shop-subgraphs.ts";

// A subgraph that answers one field slowly, to meet the per-fetch timeout.
const slow: SubgraphDef = {
  name: "slow",
  typeDefs: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    type Product @key(fields: "upc") { upc: String! late: String }`,
  resolvers: {
    Product: {
      __resolveReference: (ref: { upc: string }) => ref,
      late: () => new Promise((resolve) => setTimeout(() => resolve("finally"), 1500)),
    },
  },
};

let running: RunningFixture;
const executors: Executor<{ user: string }>[] = [];
beforeAll(async () => {
  running = await startFixture({ name: "client", subgraphs: [products, slow], cases: [] });
});
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await running?.stop();
});

describe("subgraph requests", () => {
  it("carry the headers the hook gives for each subgraph, body and caller context (e.g. a signature)", async () => {
    const calls: string[] = [];
    const executor = createExecutor<{ user: string }>({
      supergraphSdl: running.supergraphSdl,
      headers: (subgraph, body, context) => {
        calls.push(subgraph);
        return { "x-user": context?.user ?? "", "x-signature": createHmac("sha256", "k").update(body).digest("hex") };
      },
    });
    executors.push(executor);
    running.log.length = 0;
    const result = await executor.execute({ query: `{ product(upc: "3") { name late } }`, context: { user: "ada" } });
    expect(result).toEqual({ data: { product: { name: "Lamp", late: "finally" } } });
    expect(calls.sort()).toEqual(["products", "slow"]);
    expect(running.log).toHaveLength(2);
    for (const request of running.log) {
      expect(request.headers["x-user"]).toBe("ada");
      expect(request.headers["x-signature"]).toBe(createHmac("sha256", "k").update(request.body).digest("hex"));
    }
  });

  it("time out per fetch: UNAVAILABLE naming the subgraph, the other data kept", async () => {
    const executor = createExecutor<{ user: string }>({ supergraphSdl: running.supergraphSdl, fetch: { timeoutMs: 200 } });
    executors.push(executor);
    const result = await executor.execute({ query: `{ product(upc: "1") { name late } }` });
    expect(result.data).toEqual({ product: { name: "Table", late: null } });
    expect(result.errors).toEqual([{ message: "Subgraph slow is unavailable: timed out", path: ["product"], extensions: { code: "UNAVAILABLE", serviceName: "slow" } }]);
  });

  it("go to the URL given for a subgraph (any case) over the supergraph's; unreachable, UNAVAILABLE", async () => {
    const executor = createExecutor<{ user: string }>({ supergraphSdl: running.supergraphSdl, subgraphUrls: { SLOW: "http://127.0.0.1:1/graphql" } });
    executors.push(executor);
    const result = await executor.execute({ query: `{ product(upc: "1") { name late } }` });
    expect(result.data).toEqual({ product: { name: "Table", late: null } });
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Subgraph slow is unavailable: connection failed", "UNAVAILABLE"]]);
  });
  it("stop when the operation is abandoned (its signal), a shared one only once every caller gave up", async () => {
    const executor = createExecutor<{ user: string }>({ supergraphSdl: running.supergraphSdl, dedup: { operations: false, subgraphFetches: true } });
    executors.push(executor);
    const query = `{ product(upc: "2") { name late } }`;
    const slowBefore = running.counts.get("slow") ?? 0;
    // Two callers share the slow request; one gives up, the other still gets its answer.
    const quitter = new AbortController();
    const [left, stayed] = await Promise.all([
      executor.execute({ query, signal: quitter.signal, scopeKey: "s" }),
      executor.execute({ query, scopeKey: "s" }),
      new Promise((r) => setTimeout(r, 100)).then(() => quitter.abort()),
    ]);
    expect(stayed).toEqual({ data: { product: { name: "Chair", late: "finally" } } });
    expect(left.data).toEqual({ product: { name: "Chair", late: "finally" } });
    expect((running.counts.get("slow") ?? 0) - slowBefore).toBe(1);
    // Alone, the abandoned operation's request is aborted: UNAVAILABLE, saying why.
    const abandoned = new AbortController();
    const [alone] = await Promise.all([executor.execute({ query, signal: abandoned.signal }), new Promise((r) => setTimeout(r, 100)).then(() => abandoned.abort())]);
    expect(alone.errors).toEqual([{ message: "Subgraph slow is unavailable: the operation was abandoned", path: ["product"], extensions: { code: "UNAVAILABLE", serviceName: "slow" } }]);
  });

  it("run a shared operation (in-flight dedup) until every caller sharing it gave up, not the first caller's signal", async () => {
    const executor = createExecutor<{ user: string }>({ supergraphSdl: running.supergraphSdl, dedup: { operations: true, subgraphFetches: false } });
    executors.push(executor);
    const query = `{ product(upc: "1") { upc late } }`;
    const slowBefore = running.counts.get("slow") ?? 0;
    // The first caller starts the execution and gives up; the second shares it and still gets the answer.
    const first = new AbortController();
    const second = new AbortController();
    const [left, stayed] = await Promise.all([
      executor.execute({ query, signal: first.signal, scopeKey: "s" }),
      executor.execute({ query, signal: second.signal, scopeKey: "s" }),
      new Promise((r) => setTimeout(r, 100)).then(() => first.abort()),
    ]);
    expect(executor.stats().sharedOperations).toBe(1);
    expect(stayed).toEqual({ data: { product: { upc: "1", late: "finally" } } });
    expect(left).toBe(stayed);
    expect((running.counts.get("slow") ?? 0) - slowBefore).toBe(1);
    // When both give up, the shared execution's requests are aborted.
    const a = new AbortController();
    const b = new AbortController();
    const [gaveUp] = await Promise.all([
      executor.execute({ query, signal: a.signal, scopeKey: "t" }),
      executor.execute({ query, signal: b.signal, scopeKey: "t" }),
      new Promise((r) => setTimeout(r, 100)).then(() => (a.abort(), b.abort())),
    ]);
    expect(gaveUp.errors).toEqual([{ message: "Subgraph slow is unavailable: the operation was abandoned", path: ["product"], extensions: { code: "UNAVAILABLE", serviceName: "slow" } }]);
  });

  it("refuse a subgraph answer over maxResponseBytes: RESPONSE_TOO_LARGE naming the subgraph", async () => {
    const executor = createExecutor<{ user: string }>({ supergraphSdl: running.supergraphSdl, fetch: { maxResponseBytes: 20 } });
    executors.push(executor);
    const result = await executor.execute({ query: `{ product(upc: "3") { name } }` });
    expect(result.data).toEqual({ product: null });
    expect(result.errors).toMatchObject([{ extensions: { code: "RESPONSE_TOO_LARGE", serviceName: "products" } }]);
  });
});
