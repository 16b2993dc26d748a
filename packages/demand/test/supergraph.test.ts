import { readFileSync } from "node:fs";
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from "@apollo/federation-internals";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { Kind, parse, type TypeNode } from "graphql";
import { describe, expect, it } from "vitest";
import { CostEstimator, readCostDirectives } from "../src/index.ts";

// The committed supergraph, as the gateway sees it: the API schema, plus the directives read from the SDL.
const sdl = readFileSync(SUPERGRAPH_PATH, "utf8");
const directives = readCostDirectives(parse(sdl));
const estimator = new CostEstimator(Supergraph.build(sdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema(), directives);
const cost = (query: string, variables?: Record<string, unknown>) => estimator.estimate({ document: parse(query), variables });
const isList = (type: TypeNode): boolean => type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && isList(type.type));

describe("the supergraph's demand control", () => {
  it("declares the size of every list field (composition carried each subgraph's @listSize)", () => {
    const missing: string[] = [];
    for (const def of parse(sdl).definitions) {
      if (def.kind !== Kind.OBJECT_TYPE_DEFINITION || /^(join|link)__/.test(def.name.value)) continue;
      for (const field of def.fields ?? []) if (isList(field.type) && !directives.listSizes.has(`${def.name.value}.${field.name.value}`)) missing.push(`${def.name.value}.${field.name.value}`);
    }
    expect(missing).toEqual([]);
    expect(directives.listSizes.get("Order.lines")).toMatchObject({ assumedSize: 200 });
    expect(directives.fieldWeights.get("Query.orderStatusCounts")).toBe(10);
  });

  it("prices the partner's nested order lines at millions of objects", () => {
    const three = `query($id: ID!) { order(id: $id) { lines { order { lines { order { lines { quantity } } } } } } }`;
    expect(cost(three, { id: "x" })).toBe(1 + 200 * (1 + 1 + 200 * (1 + 1 + 200)));
    expect(cost(`{ order(id: "x") { lines { order { lines { quantity } } } } }`)).toBe(1 + 200 * (1 + 1 + 200));
  });

  it("prices a wave's tasks by their first argument (default 200)", () => {
    expect(cost(`{ wave(id: "x") { tasks { wave { tasks { id } } } } }`)).toBe(1 + 200 * (1 + 1 + 200));
    expect(cost(`{ wave(id: "x") { tasks(first: 10) { wave { tasks(first: 10) { id } } } } }`)).toBe(1 + 10 * (1 + 1 + 10));
  });

  it("multiplies page sizes from variables through entity fields of other subgraphs", () => {
    const q = `query($n: Int!) { orders(first: $n) { customer { email } lines { sku { code totalAvailable } } shipments { carrier { name } } } }`;
    // order 1 + customer 1 + 200 lines × (line 1 + sku 1 + totalAvailable 1) + 10 shipments × (1 + carrier 1)
    expect(cost(q, { n: 5 })).toBe(5 * (1 + 1 + 200 * 3 + 10 * 2));
  });

  it("weighs searches, aggregates and mutations", () => {
    expect(cost(`{ skus(first: 10, search: "bolt") { code } }`)).toBe(10 + 10);
    expect(cost(`{ orderStatusCounts { status count } }`)).toBe(9 * 10);
    expect(cost(`mutation { login(email: "a", password: "b") { token user { id } } }`)).toBe(10 + 1 + 1);
  });
});
