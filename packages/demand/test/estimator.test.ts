import { buildASTSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { CostAnalysisError, CostEstimator, readCostDirectives } from "../src/index.ts";

const SDL = `
directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR
directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION

interface Node { id: ID! }
type Order implements Node {
  id: ID!
  number: String!
  lines: [Line!]! @listSize(assumedSize: 200)
  unsized: [Line!]!
  history(first: Int = 5): [Line!]! @listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)
  total: Int! @cost(weight: 7)
  tags: [String!]! @listSize(assumedSize: 50)
}
type Line implements Node { id: ID! quantity: Int! order: Order! sku: Sku! }
type Sku implements Node @cost(weight: 3) { id: ID! code: String! }
type Page { items: [Order!]! count: Int! }
union Result = Order | Sku
type Query {
  order(id: ID!): Order
  orders(first: Int, last: Int): [Order!]! @listSize(slicingArguments: ["first", "last"])
  page(first: Int = 20): Page! @listSize(slicingArguments: ["first"], sizedFields: ["items"], requireOneSlicingArgument: false)
  search(text: String! @cost(weight: 25)): [Result!]! @listSize(assumedSize: 10)
  node(id: ID!): Node
  _entities(representations: [String!]!): [Result]!
}
type Mutation { place(quantity: Int!): Order! }
`;
const sdl = parse(SDL);
const estimator = new CostEstimator(buildASTSchema(sdl), readCostDirectives(sdl), { defaultListSize: 10 });
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) => estimator.estimate({ document: parse(query), variables, operationName });

describe("estimated cost", () => {
  it("prices objects 1 and scalars 0", () => {
    expect(cost(`{ order(id: 1) { id number } }`)).toBe(1);
  });

  it("multiplies a list by its assumedSize, or by the default list size without one", () => {
    expect(cost(`{ order(id: 1) { lines { quantity } } }`)).toBe(1 + 200);
    expect(cost(`{ order(id: 1) { unsized { quantity } } }`)).toBe(1 + 10);
  });

  it("multiplies nested lists", () => {
    expect(cost(`{ order(id: 1) { lines { order { lines { quantity } } } } }`)).toBe(1 + 200 * (1 + 1 + 200));
  });

  it("sizes a list by its slicing argument, from a literal or a variable, else its default", () => {
    expect(cost(`{ orders(first: 3) { id } }`)).toBe(3);
    expect(cost(`query Q($n: Int) { orders(first: $n) { id } }`, { n: 7 })).toBe(7);
    expect(cost(`query Q($n: Int = 4) { orders(first: $n) { id } }`)).toBe(4);
    expect(cost(`{ order(id: 1) { history { id } } }`)).toBe(1 + 5);
    expect(cost(`{ order(id: 1) { history(first: 2) { id } } }`)).toBe(1 + 2);
  });

  it("refuses a list that requires exactly one slicing argument when it has none or two", () => {
    expect(() => cost(`{ orders { id } }`)).toThrow(CostAnalysisError);
    expect(() => cost(`{ orders(first: 1, last: 2) { id } }`)).toThrow(/exactly one/);
  });

  it("applies a slicing argument to the sizedFields of a connection", () => {
    expect(cost(`{ page(first: 30) { count items { id } } }`)).toBe(1 + 30);
    expect(cost(`{ page { items { lines { id } } } }`)).toBe(1 + 20 * (1 + 200));
  });

  it("uses @cost on fields, types and arguments", () => {
    expect(cost(`{ order(id: 1) { total } }`)).toBe(1 + 7);
    expect(cost(`{ order(id: 1) { lines { sku { code } } } }`)).toBe(1 + 200 * (1 + 3));
    // A type's weight applies where a field returns that type: an item of the union Result weighs 1.
    expect(cost(`{ search(text: "x") { ... on Sku { code } } }`)).toBe(25 + 10 * 1);
  });

  it("prices lists of scalars at nothing", () => {
    expect(cost(`{ order(id: 1) { tags } }`)).toBe(1);
  });

  it("counts inline and named fragments", () => {
    expect(cost(`{ order(id: 1) { ...F } } fragment F on Order { lines { id } }`)).toBe(1 + 200);
    expect(cost(`{ order(id: 1) { ... on Order { lines { id } } ... { unsized { id } } } }`)).toBe(1 + 200 + 10);
  });

  it("prices an abstract type as its most expensive possible type", () => {
    const q = `{ node(id: 1) { id ... on Order { lines { id } } ... on Sku { code } ... on Node { __typename } } }`;
    expect(cost(q)).toBe(1 + 200);
    expect(cost(`{ search(text: "x") { ... on Order { lines { id } } ... on Sku { code } } }`)).toBe(25 + 10 * (1 + 200));
  });

  it("honours @skip and @include with variables", () => {
    const q = `query Q($deep: Boolean!) { order(id: 1) { lines @include(if: $deep) { id } unsized @skip(if: $deep) { id } } }`;
    expect(cost(q, { deep: true })).toBe(1 + 200);
    expect(cost(q, { deep: false })).toBe(1 + 10);
    expect(cost(`{ order(id: 1) { ...F @skip(if: true) } } fragment F on Order { lines { id } }`)).toBe(1);
  });

  it("gives mutations a base cost", () => {
    expect(cost(`mutation { place(quantity: 1) { id } }`)).toBe(10 + 1);
  });

  it("sizes _entities by the number of representations", () => {
    const q = `query E($r: [String!]!) { _entities(representations: $r) { ... on Order { lines { id } } } }`;
    expect(cost(q, { r: ["a", "b", "c"] })).toBe(3 * (1 + 200));
    expect(cost(`{ _entities(representations: ["a", "b"]) { ... on Sku { code } } }`)).toBe(2);
  });

  it("picks the named operation", () => {
    const doc = `query A { order(id: 1) { id } } query B { order(id: 1) { lines { id } } }`;
    expect(cost(doc, {}, "B")).toBe(201);
    expect(() => cost(doc)).toThrow(CostAnalysisError);
  });
});

describe("actual cost", () => {
  const actual = (query: string, data: unknown, variables?: Record<string, unknown>) => estimator.actual({ document: parse(query), variables }, data);

  it("counts the list items really returned", () => {
    const data = { order: { lines: [{ quantity: 1, order: { lines: [{ quantity: 1 }, { quantity: 2 }] } }, { quantity: 3, order: { lines: [] } }] } };
    expect(actual(`{ order(id: 1) { lines { quantity order { lines { quantity } } } } }`, data)).toBe(1 + (1 + 1 + 2) + (1 + 1));
  });

  it("counts nothing for null and uses __typename for abstract values", () => {
    expect(actual(`{ order(id: 1) { id } }`, { order: null })).toBe(0);
    const data = { search: [{ __typename: "Sku", code: "a" }, { __typename: "Order", lines: [{ id: 1 }] }] };
    expect(actual(`{ search(text: "x") { __typename ... on Order { lines { id } } ... on Sku { code } } }`, data)).toBe(25 + 1 + (1 + 1));
  });

  it("adds the mutation base cost", () => {
    expect(actual(`mutation { place(quantity: 1) { id } }`, { place: { id: "1" } })).toBe(11);
  });
});
