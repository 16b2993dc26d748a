import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutor, type Executor } from "../../src/execution/index.ts";
import { startFixture, type RunningFixture } from "../conformance/harness.ts";
import { products } from "../conformance/fixtures/shop-subgraphs.ts";

let running: RunningFixture;
const executors: Executor[] = [];
beforeAll(async () => {
  running = await startFixture({ name: "api", subgraphs: [products], cases: [] });
});
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await running?.stop();
});

describe("createExecutor", () => {
  it("loads a supergraph that links @authenticated/@requiresScopes, which the stock gateway refuses", async () => {
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated", "@requiresScopes"])
      type Query { open: String secret: String @authenticated admin: String @requiresScopes(scopes: [["admin"]]) }`;
    const composed = composeServices([{ name: "guarded", url: "http://127.0.0.1:1/graphql", typeDefs: parse(sdl) }]);
    if (composed.errors) throw composed.errors[0];
    const executor = createExecutor({ supergraphSdl: composed.supergraphSdl });
    executors.push(executor);
    const planned = executor.plan("{ open secret admin }");
    expect("errors" in planned).toBe(false);
    const gateway = new ApolloGateway({ supergraphSdl: composed.supergraphSdl });
    await expect(gateway.load()).rejects.toThrow();
  });

  it("executes a parsed document as well as a query text, planning it once", async () => {
    const document = parse(`query Q($u: String!) { product(upc: $u) { name } }`);
    const first = await running.ours.execute({ document, variables: { u: "1" } });
    const second = await running.ours.execute({ document, variables: { u: "2" } });
    expect([first, second]).toEqual([{ data: { product: { name: "Table" } } }, { data: { product: { name: "Chair" } } }]);
    expect(running.ours.plan(document)).toBe(running.ours.plan(document));
  });

  it("plans a document its caller validated (Apollo Server) without validating it again; others are validated", async () => {
    // An unused fragment breaks only a validation rule: the tell of whether validation ran here.
    const text = `query Q { product(upc: "3") { name } } fragment Unused on Product { upc }`;
    const trusted = await running.ours.execute({ document: parse(text), validated: true, query: text });
    const untrusted = await running.ours.execute({ document: parse(text) });
    expect(trusted).toEqual({ data: { product: { name: "Lamp" } } });
    expect(untrusted.errors?.map((e) => e.extensions?.code)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  });

  it("refuses what cannot run with a code, asking no subgraph", async () => {
    const before = running.counts.get("products");
    const answers = await Promise.all([
      running.ours.execute({ query: "{ topProducts { name " }),
      running.ours.execute({ query: "query A { topProducts { name } } query B { topProducts { upc } }" }),
      running.ours.execute({ query: "query A { topProducts { name } }", operationName: "C" }),
      running.ours.execute({}),
    ]);
    expect(answers.map((a) => [a.data, a.errors?.[0]?.extensions?.code])).toEqual([
      [undefined, "GRAPHQL_PARSE_FAILED"],
      [undefined, "BAD_USER_INPUT"],
      [undefined, "BAD_USER_INPUT"],
      [undefined, "BAD_USER_INPUT"],
    ]);
    expect(running.counts.get("products")).toBe(before);
  });
});

describe("the plan cache", () => {
  it("plans texts that differ only in layout once", () => {
    const a = running.ours.plan(`{ topProducts { name } }`);
    const b = running.ours.plan(`query {
      topProducts {
        name
      }
    }`);
    expect("errors" in a).toBe(false);
    expect(b).toBe(a);
  });
});

describe("faults of the executor itself", () => {
  it("answer INTERNAL_SERVER_ERROR without details, reported to onInternalError", async () => {
    const faults: unknown[] = [];
    const executor = createExecutor({
      supergraphSdl: running.supergraphSdl,
      headers: () => {
        throw new Error("secret detail");
      },
      onInternalError: (error) => faults.push(error),
    });
    executors.push(executor);
    const answers = await Promise.all([executor.execute({ query: `{ product(upc: "1") { name } }` }), executor.execute({ query: `{ a: product(upc: "1") { name } b: topProducts { upc } }` })]);
    for (const answer of answers) {
      expect(answer).toEqual({ data: null, errors: [{ message: "Internal error while executing the operation.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    }
    expect(faults.map((f) => (f as Error).message)).toEqual(["secret detail", "secret detail"]);
  });
});
