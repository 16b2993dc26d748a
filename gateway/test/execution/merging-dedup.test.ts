import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutor, type Executor } from "../../src/execution/index.ts";
import { askApollo, startFixture, type RunningFixture } from "../conformance/harness.ts";
import { mutations } from "../conformance/fixtures/mutations.ts";
import { shop } from "../conformance/fixtures/shop.ts";

// Requests are counted where they arrive: at the four test subgraphs' servers.
const QUERY = `{
  topProducts {
    name inStock discount deliveryNote
    variants { color stock }
    reviews { body author { name username nickname } }
  }
}`;

let running: RunningFixture;
const extra: Executor[] = [];
const total = () => [...running.counts.values()].reduce((a, b) => a + b, 0);
const reset = () => {
  for (const name of running.counts.keys()) running.counts.set(name, 0);
};
const executor = (options: Parameters<typeof createExecutor>[0] extends infer O ? Partial<O> : never) => {
  const e = createExecutor({ supergraphSdl: running.supergraphSdl, ...options });
  extra.push(e);
  return e;
};

beforeAll(async () => {
  running = await startFixture({ ...shop, cases: [] });
});
afterAll(async () => {
  await Promise.all(extra.map((e) => e.close()));
  await running?.stop();
});

describe("fetch merging", () => {
  it("answers a 4-subgraph query with nested entity lists like Apollo, in fewer subgraph requests", async () => {
    reset();
    const apollo = await askApollo(running.apollo, QUERY);
    const apolloRequests = total();
    reset();
    const ours = await executor({}).execute({ query: QUERY });
    const ourRequests = total();
    reset();
    const unmerged = await executor({ mergeFetches: false }).execute({ query: QUERY });
    const unmergedRequests = total();
    // Apollo also reports discount's error for the third product; the data must be the same.
    expect(JSON.parse(JSON.stringify(ours))).toEqual(apollo);
    expect(unmerged).toEqual(ours);
    console.log(`subgraph requests for one query: apollo ${apolloRequests}, ours unmerged ${unmergedRequests}, ours merged ${ourRequests}`);
    expect(unmergedRequests).toBe(apolloRequests);
    expect(ourRequests).toBeLessThan(apolloRequests);
  });
});

describe("in-flight deduplication", () => {
  it("identical concurrent subgraph fetches of one scope share one request; other scopes do not", async () => {
    const ours = executor({ dedup: { operations: false } });
    reset();
    const single = await ours.execute({ query: QUERY, scopeKey: "alice" });
    const perQuery = total();
    reset();
    const results = await Promise.all(Array.from({ length: 10 }, () => ours.execute({ query: QUERY, scopeKey: "alice" })));
    expect(results.every((r) => JSON.stringify(r) === JSON.stringify(single))).toBe(true);
    expect(total()).toBe(perQuery);
    reset();
    await Promise.all(["alice", "bob", "carol"].map((scopeKey) => ours.execute({ query: QUERY, scopeKey })));
    expect(total()).toBe(3 * perQuery);
  });

  it("identical concurrent operations of one scope share one execution", async () => {
    const ours = executor({ dedup: { subgraphFetches: false } });
    reset();
    await ours.execute({ query: QUERY });
    const perQuery = total();
    reset();
    const before = ours.stats().sharedOperations;
    const results = await Promise.all(Array.from({ length: 5 }, () => ours.execute({ query: QUERY, scopeKey: "alice" })));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(ours.stats().sharedOperations - before).toBe(4);
    expect(total()).toBe(perQuery);
  });

  it("dedup off: every execution asks the subgraphs", async () => {
    const ours = executor({ dedup: { subgraphFetches: false, operations: false } });
    reset();
    await ours.execute({ query: QUERY });
    const perQuery = total();
    reset();
    await Promise.all(Array.from({ length: 3 }, () => ours.execute({ query: QUERY })));
    expect(total()).toBe(3 * perQuery);
  });
});

describe("mutations", () => {
  it("are never shared, even when identical and concurrent", async () => {
    const ledger = await startFixture({ ...mutations, cases: [] });
    try {
      await ledger.ours.execute({ query: "mutation { reset }" });
      const mutation = "mutation { d: deposit(amount: 1) { balance } }";
      const results = await Promise.all([1, 2, 3].map(() => ledger.ours.execute({ query: mutation, scopeKey: "alice" })));
      const balances = results.map((r) => (r.data?.d as { balance: number }).balance).sort();
      expect(balances).toEqual([1, 2, 3]);
    } finally {
      await ledger.stop();
    }
  });
});
