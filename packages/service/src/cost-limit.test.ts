import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { subgraphCostLimit } from "./cost-limit.ts";
import { loadServiceConfig } from "./service-config.ts";

// A subgraph of its own, served by Apollo Server with the plugin as createSubgraphServer wires it.
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@cost", "@listSize"])
  type Order @key(fields: "id") { id: ID! lines: [Line!]! @listSize(assumedSize: 200) }
  type Line { id: ID! order: Order! }
  type Query { order(id: ID!): Order }
`);
let executed = 0;
const order = (id: string) => {
  executed++;
  return { id, lines: [{ id: "l1", order: { id } }] };
};
const resolvers = {
  Query: { order: (_: unknown, { id }: { id: string }) => order(id) },
  Order: { __resolveReference: (ref: { id: string }) => order(ref.id) },
};

async function serve(maxCost: number) {
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]), plugins: [subgraphCostLimit(typeDefs, maxCost)] });
  await server.start();
  return server;
}
const run = async (server: ApolloServer, query: string, variables?: Record<string, unknown>) => {
  const res = await server.executeOperation({ query, variables });
  if (res.body.kind !== "single") throw new Error("expected a single result");
  return { http: res.http.status, ...res.body.singleResult };
};

describe("the subgraph's cost limit", () => {
  it("refuses nested lists over MAX_COST before any resolver runs, and serves what fits", async () => {
    const server = await serve(1_000);
    const before = executed;
    const refused = await run(server, `{ order(id: "1") { lines { order { lines { id } } } } }`);
    expect(refused.errors?.map((e) => e.extensions)).toEqual([{ code: "COST_ESTIMATED_TOO_EXPENSIVE", estimatedCost: 1 + 200 * (2 + 200), maxCost: 1_000 }]);
    expect(refused.http ?? 200).toBe(200);
    expect(executed).toBe(before);
    const served = await run(server, `{ order(id: "1") { lines { id } } }`);
    expect(served.errors).toBeUndefined();
    expect(executed).toBe(before + 1);
    await server.stop();
  });

  it("prices the gateway's entity fetches per representation sent", async () => {
    const server = await serve(1_000);
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { lines { id } } } }`;
    const reps = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: "Order", id: String(i) }));
    expect((await run(server, query, { r: reps(4) })).errors).toBeUndefined();
    const refused = await run(server, query, { r: reps(5) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "COST_ESTIMATED_TOO_EXPENSIVE", estimatedCost: 5 * 201 });
    await server.stop();
  });

  it("takes its limit from MAX_COST", () => {
    expect(loadServiceConfig("orders", { MAX_COST: "5000" }).maxCost).toBe(5000);
    expect(loadServiceConfig("orders", {}).maxCost).toBe(500_000);
  });
});
