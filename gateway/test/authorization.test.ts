import { describe, expect, it } from "vitest";
import { composeServices } from "@apollo/composition";
import { operationFromDocument, Supergraph } from "@apollo/federation-internals";
import { QueryPlanner } from "@apollo/query-planner";
import { parse, print } from "graphql";
import { applyRemovals, extractAuthorization, filterOperation, grantsOf, type Grants } from "../src/authorization/index.ts";

// Two subgraphs using every directive on fields, objects, interfaces' implementations, scalars and enums.
const A = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])
  interface Node { id: ID! }
  type Query {
    public: String
    me: User @authenticated
    users: [User!]! @requiresScopes(scopes: [["role:admin"], ["users:read"]])
    nodes: [Node!]!
    search: [Result!]!
    order(id: ID!): Order
    level: Level
    secretNumber: Secret
  }
  type User implements Node @key(fields: "id") {
    id: ID!
    name: String
    email: String! @requiresScopes(scopes: [["role:admin"]])
    orders: [Order!]!
  }
  type Vault implements Node @authenticated { id: ID! code: String }
  union Result = User | Vault
  type Order @key(fields: "id") {
    id: ID!
    total: Int! @policy(policies: [["staff"]])
    note: String @requiresScopes(scopes: [["orders:read", "orders:write"]])
    lines: [Line!]!
  }
  type Line { qty: Int! cost: Int! @requiresScopes(scopes: [["costs:read"]]) }
  enum Level @policy(policies: [["staff"]]) { LOW HIGH }
  scalar Secret @authenticated
`;
const B = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
  type User @key(fields: "id") { id: ID! lastLogin: String @authenticated }
  type Query { ping: Int }
`;

const compose = (...sdls: string[]) => {
  const result = composeServices(sdls.map((sdl, i) => ({ name: `s${i}`, url: `http://s${i}`, typeDefs: parse(sdl) })));
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.supergraphSdl;
};
const supergraph = compose(A, B);
const { strippedSdl, requirements } = extractAuthorization(supergraph);
const schema = Supergraph.build(strippedSdl).apiSchema().toGraphQLJSSchema();

const grants = (scopes: string[] = [], policies: string[] = [], authenticated = true): Grants => ({
  authenticated,
  scopes: new Set(scopes),
  policy: (p) => policies.includes(p),
});
const ANONYMOUS = grants([], [], false);
const filter = (query: string, who: Grants, operationName?: string) => filterOperation(schema, requirements, parse(query), operationName, who);
const printed = (query: string, who: Grants, operationName?: string) => {
  const { document } = filter(query, who, operationName);
  return document ? print(document).replace(/\s+/g, " ").trim() : null;
};

describe("requirement extraction", () => {
  it("reads every application on fields, objects, scalars and enums, across subgraphs", () => {
    expect(requirements.fields.get("Query.me")).toEqual({ authenticated: true, scopes: [], policies: [] });
    expect(requirements.fields.get("Query.users")?.scopes).toEqual([[["role:admin"], ["users:read"]]]);
    expect(requirements.fields.get("Order.note")?.scopes).toEqual([[["orders:read", "orders:write"]]]);
    expect(requirements.fields.get("Order.total")?.policies).toEqual([[["staff"]]]);
    expect(requirements.fields.get("User.lastLogin")?.authenticated).toBe(true);
    expect(requirements.types.get("Vault")?.authenticated).toBe(true);
    expect(requirements.types.get("Level")?.policies).toEqual([[["staff"]]]);
    expect(requirements.types.get("Secret")?.authenticated).toBe(true);
    expect(requirements.fields.has("Query.public")).toBe(false);
  });

  it("hands on a supergraph without the security features, which @apollo/gateway's default loader accepts", () => {
    expect(() => Supergraph.build(supergraph)).toThrow(/authenticated|SECURITY|unsupported/i);
    expect(strippedSdl).not.toMatch(/@authenticated|@requiresScopes|@policy|requiresScopes__Scope|policy__Policy|specs\.apollo\.dev\/(authenticated|requiresScopes|policy)/);
    expect(() => Supergraph.build(strippedSdl)).not.toThrow();
    expect(schema.getQueryType()?.getFields().users).toBeDefined();
  });

  it("follows a renamed import and leaves a supergraph without the features as it is", () => {
    const renamed = supergraph
      .replace('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)', '@link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "mustLogIn", for: SECURITY)')
      .replaceAll("@authenticated", "@mustLogIn")
      .replace("@link(url: \"https://specs.apollo.dev/mustLogIn", "@link(url: \"https://specs.apollo.dev/authenticated");
    const extracted = extractAuthorization(renamed);
    expect(extracted.requirements.fields.get("Query.me")?.authenticated).toBe(true);
    expect(extracted.strippedSdl).not.toMatch(/mustLogIn/);
    const plain = compose(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"]) type Query { a: Int }`);
    expect(extractAuthorization(plain).strippedSdl).toBe(plain);
  });

  it("refuses a version of the specs it does not know", () => {
    expect(() => extractAuthorization(supergraph.replace("requiresScopes/v0.1", "requiresScopes/v0.9"))).toThrow(/Unsupported authorization feature/);
  });
});

describe("operation filter", () => {
  it("leaves an operation the caller may read entirely as it is (same document)", () => {
    const document = parse(`{ public me { id name } }`);
    expect(filterOperation(schema, requirements, document, undefined, grants()).document).toBe(document);
  });

  it("removes unauthorised fields, keeps the rest, and nulls them with errors at their paths (aliases, lists)", () => {
    const query = `{ public me { id mail: email name } }`;
    const result = filter(query, grants(["orders:read"]));
    expect(print(result.document!).replace(/\s+/g, " ")).toBe("{ public me { id name } }");
    const completed = applyRemovals({ data: { public: "p", me: { id: "1", name: "n" } } }, result.removals, false, result.typenameAdded);
    // email is non-null: its null reaches the nearest nullable parent, me.
    expect(completed.data).toEqual({ public: "p", me: null });
    expect(completed.errors).toMatchObject([{ message: expect.stringMatching(/User\.email.*role:admin/), path: ["me", "mail"], extensions: { code: "FORBIDDEN" } }]);
  });

  it("propagates null through lists by their nullability", () => {
    const result = filter(`{ me { orders { id lines { qty cost } } } }`, grants());
    const data = { me: { orders: [{ id: "o1", lines: [{ qty: 1 }, { qty: 2 }] }, { id: "o2", lines: [] }] } };
    const completed = applyRemovals({ data }, result.removals, false, false);
    // cost is Int! in [Line!]!: the whole lines list is null, which is non-null in Order (Order!) in [Order!]! of me: me is null.
    expect(completed.data).toEqual({ me: null });
    expect(completed.errors?.map((e) => (e as { path: unknown }).path)).toEqual([
      ["me", "orders", 0, "lines", 0, "cost"],
      ["me", "orders", 0, "lines", 1, "cost"],
    ]);
    expect(data.me.orders[0]!.lines[0]).toEqual({ qty: 1 }); // the input is not changed
  });

  it("keeps the null at a nullable field", () => {
    const result = filter(`{ order(id: "1") { id note } }`, grants(["orders:read"]));
    const completed = applyRemovals({ data: { order: { id: "1" } } }, result.removals, false, false);
    expect(completed.data).toEqual({ order: { id: "1", note: null } });
    expect(completed.errors).toMatchObject([{ path: ["order", "note"], extensions: { code: "FORBIDDEN" } }]);
    expect(printed(`{ order(id: "1") { note } }`, grants(["orders:read", "orders:write"]))).toBe(`{ order(id: "1") { note } }`);
  });

  it("answers UNAUTHENTICATED to an anonymous caller and nothing to run when nothing is left", () => {
    const result = filter(`query Q($id: ID!) { me { id } order(id: $id) { total } }`, ANONYMOUS);
    expect(result.document).toBeNull();
    const answer = applyRemovals({} as { errors?: unknown[] }, result.removals, true, false);
    expect(answer.errors).toMatchObject([
      { path: ["me"], extensions: { code: "UNAUTHENTICATED" } },
      { path: ["order"], extensions: { code: "UNAUTHENTICATED" } },
    ]);
  });

  it("removes a field left with nothing to read, keeping variables and the rest", () => {
    expect(printed(`query Q($id: ID!) { public order(id: $id) { total } }`, grants())).toBe("query Q($id: ID!) { public }");
    const result = filter(`query Q($id: ID!) { public order(id: $id) { total } }`, grants());
    expect(result.removals.map((r) => [r.segments.map((s) => s.key), r.coordinate])).toEqual([[["order"], "Order.total"]]);
  });

  it("gives the query planner an operation it plans, unused variables and all", () => {
    const supergraphOfStripped = Supergraph.build(strippedSdl);
    const planner = new QueryPlanner(supergraphOfStripped);
    const { document } = filter(`query Q($id: ID!) { public order(id: $id) { id total note } me { id lastLogin } }`, grants(["orders:read"]));
    expect(print(document!).replace(/\s+/g, " ")).toBe("query Q($id: ID!) { public order(id: $id) { id } me { id lastLogin } }");
    const plan = planner.buildQueryPlan(operationFromDocument(supergraphOfStripped.apiSchema(), document!, { operationName: "Q" }));
    expect(plan.node).toBeDefined();
  });

  it("filters named fragments once, keeps them named, and drops emptied ones", () => {
    const query = `query { me { ...U } users { ...U } } fragment U on User { id email } fragment Empty on Order { total }`;
    expect(printed(query, grants())).toBe("{ me { ...U } } fragment U on User { id }");
    const result = filter(`{ me { ...U } } fragment U on User { email }`, grants());
    expect(result.document).toBeNull();
    expect(result.removals).toHaveLength(1);
  });

  it("applies a type's requirement to every field returning it (objects, scalars, enums)", () => {
    expect(printed(`{ public level secretNumber }`, grants())).toBe("{ public secretNumber }");
    expect(printed(`{ public level secretNumber }`, grants([], ["staff"]))).toBe("{ public level secretNumber }");
    expect(printed(`{ public secretNumber }`, ANONYMOUS)).toBe("{ public }");
  });

  it("requires every possible type through an interface or union; fragments on concrete types read the allowed ones", () => {
    // Composition carries Vault's @authenticated up to the Node interface: nodes needs a caller.
    expect(supergraph).toMatch(/interface Node[^{]*@authenticated/);
    expect(printed(`{ public nodes { id } }`, ANONYMOUS)).toBe("{ public }");
    expect(printed(`{ public nodes { id } }`, grants())).toBe("{ public nodes { id } }");
    // A union has no requirement of its own: through a fragment on User only Users' fields are read; the Vault fragment goes.
    const query = `{ search { __typename ... on User { id name } ... on Vault { code } } }`;
    const result = filter(query, ANONYMOUS);
    expect(print(result.document!).replace(/\s+/g, " ")).toBe("{ search { __typename ... on User { id name } __authz_typename: __typename } }");
    const completed = applyRemovals(
      { data: { search: [{ __typename: "User", id: "1", name: "n", __authz_typename: "User" }, { __typename: "Vault", __authz_typename: "Vault" }] } },
      result.removals,
      true,
      result.typenameAdded,
    );
    expect(completed.data).toEqual({ search: [{ __typename: "User", id: "1", name: "n" }, { __typename: "Vault", code: null }] });
    expect(completed.errors).toMatchObject([{ path: ["search", 1, "code"], extensions: { code: "UNAUTHENTICATED" } }]);
  });

  it("removes fields inside fragments on union members by the member's field requirement", () => {
    const query = `{ search { ... on User { id email } ... on Vault { id } } }`;
    const result = filter(query, grants());
    expect(print(result.document!).replace(/\s+/g, " ")).toBe("{ search { ... on User { id } ... on Vault { id } __authz_typename: __typename } }");
    const completed = applyRemovals({ data: { search: [{ id: "v", __authz_typename: "Vault" }, { id: "u", __authz_typename: "User" }] } }, result.removals, false, true);
    // email is non-null: the User entry is null; search is [Result!]! so the list, then data, is null.
    expect(completed.data).toBeNull();
    expect(completed.errors).toMatchObject([{ path: ["search", 1, "email"] }]);
  });

  it("answers fields of another subgraph's entity by that field's requirement", () => {
    expect(printed(`{ me { id lastLogin } }`, grants())).toBe("{ me { id lastLogin } }");
    expect(printed(`{ users { id lastLogin } }`, grants(["users:read"]))).toBe("{ users { id lastLogin } }");
  });

  it("treats the chosen operation only and drops the others", () => {
    const query = `query A { public } query B { me { email } public }`;
    expect(printed(query, grants(), "B")).toBe("query B { public }");
    expect(printed(query, grants(), "A")).toBe("query A { public } query B { me { email } public }");
  });
});

describe("grants from an identity", () => {
  const user = { userId: "u", email: "e", partnerId: null, scopes: [], kind: "user" as const };
  it("gives users their role scope and the role's API-key scopes, and keys their scopes and role scope only", () => {
    const viewer = grantsOf({ ...user, role: "VIEWER" });
    expect([...viewer.scopes].sort()).toEqual(["inventory:read", "orders:read", "role:viewer", "shipments:read"]);
    expect(viewer.policy("staff")).toBe(true);
    const key = grantsOf({ ...user, role: "PARTNER", partnerId: "p", kind: "api-key", scopes: ["orders:read"] });
    expect([...key.scopes].sort()).toEqual(["orders:read", "role:partner"]);
    expect(key.policy("staff")).toBe(false);
    expect(key.policy("own-organisation")).toBe(true);
    expect(key.policy("no-such-policy")).toBe(false);
    expect(grantsOf(null).authenticated).toBe(false);
  });
});
