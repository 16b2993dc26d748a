import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "@floorgraph/auth";
import { createLogger } from "@floorgraph/logger";
import { createSubgraphServer, type RunningServer } from "@floorgraph/service";
import { TEST_PROTECTION, TEST_SIGNING_SECRET } from "@floorgraph/testing";
import { testGatewayOptions } from "./support/lab.ts";
import type { ExecutorKind } from "../src/execution/apollo-executor.ts";
import { startGateway, type RunningGateway } from "../src/server.ts";

// The gateway's refusals do not depend on who executes the plans (GATEWAY_EXECUTOR): the same
// operations through a gateway on @apollo/gateway's executor and one on the project's, over the same
// two real subgraphs, get the same answers (authorization, unsigned requests, masked errors).
// Deadlines and the response-size cap: budgets.test.ts runs with both executors.
const USERS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes"])
  type Query {
    public: String
    me: User @authenticated
    users: [User!]! @requiresScopes(scopes: [["role:admin"]])
    broken: String
  }
  type User @key(fields: "id") { id: ID! name: String email: String @requiresScopes(scopes: [["role:admin"]]) }
`;
const ORDERS = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated"])
  type User @key(fields: "id") { id: ID! orders: [Order!]! @authenticated }
  type Order { number: Int! }
`;
const JWT = { secret: "executor-refusals-secret-0123456789abcdef", ttlSeconds: 600 };
const PEOPLE = [1, 2, 3].map((n) => ({ id: `u${n}`, name: `User ${n}`, email: `u${n}@example.com` }));
const logger = createLogger("executor-refusals-test", "silent");
const token = (role: "ADMIN" | "VIEWER") =>
  signToken({ userId: "u1", email: "u1@example.com", role, partnerId: null, scopes: [], kind: "user" }, JWT).then((t) => t.token);

let subgraphs: RunningServer[] = [];
const gateways: Record<string, RunningGateway> = {};
beforeAll(async () => {
  const users = await createSubgraphServer({
    name: "users",
    typeDefs: parse(USERS),
    resolvers: {
      Query: {
        public: () => "hello",
        me: () => PEOPLE[0],
        users: () => PEOPLE,
        broken: () => {
          throw new Error("database password is hunter2");
        },
      },
      User: { __resolveReference: (ref: { id: string }) => PEOPLE.find((p) => p.id === ref.id) },
    },
    logger,
    jwt: JWT,
    protection: TEST_PROTECTION,
    extendContext: (base) => base,
  });
  const orders = await createSubgraphServer({
    name: "orders",
    typeDefs: parse(ORDERS),
    resolvers: { User: { __resolveReference: (ref: { id: string }) => ref, orders: (u: { id: string }) => [{ number: Number(u.id.slice(1)) * 10 }] } },
    logger,
    jwt: JWT,
    protection: TEST_PROTECTION,
    extendContext: (base) => base,
  });
  subgraphs = [await users.listen(0), await orders.listen(0)];
  const composed = composeServices([
    { name: "users", url: subgraphs[0]!.url, typeDefs: parse(USERS) },
    { name: "orders", url: subgraphs[1]!.url, typeDefs: parse(ORDERS) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("; "));
  const start = (executor: ExecutorKind, subgraphSigningSecret: string) =>
    startGateway(testGatewayOptions(composed.supergraphSdl as string, JWT.secret, { subgraphSigningSecret, executor }), logger, 0);
  for (const executor of ["apollo", "floorgraph"] as const) {
    gateways[executor] = await start(executor, TEST_SIGNING_SECRET);
    gateways[`${executor}-unsigned`] = await start(executor, "not-the-subgraphs-secret-0123456789abcdef");
  }
});
afterAll(async () => {
  for (const gateway of Object.values(gateways)) await gateway.stop();
  for (const subgraph of subgraphs) await subgraph.stop();
});

async function ask(gateway: string, query: string, bearer?: string) {
  const response = await fetch(gateways[gateway]!.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; path?: unknown; extensions?: { code?: string } }[] };
  return { status: response.status, data: body.data, errors: (body.errors ?? []).map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code })) };
}

/** The answer through both executors, which must be the same. */
async function both(query: string, role?: "ADMIN" | "VIEWER", gateway = "") {
  const bearer = role ? await token(role) : undefined;
  const apollo = await ask(`apollo${gateway}`, query, bearer);
  const floorgraph = await ask(`floorgraph${gateway}`, query, bearer);
  expect(floorgraph).toEqual(apollo);
  return floorgraph;
}

describe("refusals are the same with either executor", () => {
  it("answers an authorised federated query in full", async () => {
    const answer = await both(`{ users { id name email orders { number } } }`, "ADMIN");
    expect(answer.errors).toEqual([]);
    expect(answer.data).toEqual({ users: PEOPLE.map((p, i) => ({ ...p, orders: [{ number: (i + 1) * 10 }] })) });
  });

  it("answers a field the caller may not read null with FORBIDDEN at its path, the rest as usual", async () => {
    const answer = await both(`{ me { name email orders { number } } }`, "VIEWER");
    expect(answer.data).toEqual({ me: { name: "User 1", email: null, orders: [{ number: 10 }] } });
    expect(answer.errors).toMatchObject([{ path: ["me", "email"], code: "FORBIDDEN" }]);
  });

  it("answers UNAUTHENTICATED (400, no data) to an anonymous caller when nothing is left to run", async () => {
    const answer = await both(`{ me { name } users { id } }`);
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toMatchObject([
      { path: ["me"], code: "UNAUTHENTICATED" },
      { path: ["users"], code: "UNAUTHENTICATED" },
    ]);
  });

  it("masks a subgraph's internal error (no details reach the client)", async () => {
    const answer = await both(`{ public broken }`);
    expect(answer.data).toEqual({ public: "hello", broken: null });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]!.message).not.toMatch(/hunter2/);
  });

  it("signs subgraph requests: a gateway with another secret is refused by the subgraphs", async () => {
    const answer = await both(`{ public }`, undefined, "-unsigned");
    expect(answer.data).toEqual({ public: null });
    expect(answer.errors).toMatchObject([{ code: "UNAUTHENTICATED", message: "This service answers only requests signed by the gateway" }]);
    expect((await both(`{ public }`)).data).toEqual({ public: "hello" });
  });
});
