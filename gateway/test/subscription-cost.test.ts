import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAnyError } from "@floorgraph/errors";
import { createLogger } from "@floorgraph/logger";
import { createSubgraphServer, type RunningServer } from "@floorgraph/service";
import { SupergraphCost } from "../src/budget/cost.ts";
import { ForwardingDataSource } from "../src/remote-source.ts";
import { SubscriptionEngine } from "../src/subscriptions/engine.ts";
import { TEST_PROTECTION, TEST_SIGNING_SECRET } from "@floorgraph/testing";

// Subscriptions meet the same budgets as queries: the engine asks demand control before it opens a stream.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@listSize"])
  type Query { ok: Boolean }
  type Item { id: ID! }
  type Batch { count: Int! items: [Item!]! @listSize(assumedSize: 100) }
  type Subscription { batch: Batch! }
`;
const logger = createLogger("subscription-cost-test", "silent");
let subgraph: RunningServer;
let engine: SubscriptionEngine;

beforeAll(async () => {
  const server = await createSubgraphServer({
    name: "batches",
    typeDefs: parse(SDL),
    resolvers: { Subscription: { batch: { subscribe: async function* () { yield { batch: { count: 1, items: [{ id: "1" }] } }; } } } },
    logger,
    jwt: { secret: "subscription-cost-secret-0123456789abcdef" },
    extendContext: (base) => base,
    protection: TEST_PROTECTION,
    subscriptions: true,
  });
  subgraph = await server.listen(0);
  const composed = composeServices([{ name: "batches", url: subgraph.url, typeDefs: parse(SDL) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("; "));
  const cost = new SupergraphCost({ anonymous: 50, user: 500, apiKey: 500 });
  cost.load(composed.supergraphSdl);
  engine = new SubscriptionEngine({
    logger,
    stateFields: new Set(),
    clientBuffer: 5,
    createDataSource: (name, url) => new ForwardingDataSource(name, TEST_SIGNING_SECRET, { url }),
    signingSecret: TEST_SIGNING_SECRET,
    subgraphUrls: {},
    formatErrors: (errors) => errors.map((e) => formatAnyError(e)),
    admit: (schema, request) => cost.admit(schema, request, request.identity),
  });
  engine.load(composed.supergraphSdl);
});
afterAll(async () => {
  await engine?.dispose();
  await subgraph?.stop();
});

const subscribe = (query: string, identity: { kind: "user" } | null = null) =>
  engine.subscribe({ document: parse(query), operationName: undefined, variables: {}, identity: identity as never, scope: { key: "anonymous", token: undefined, expiresAt: Infinity }, requestId: "test" });

describe("demand control of subscriptions", () => {
  it("refuses a subscription over the caller's budget before opening a stream", async () => {
    const refused = (await subscribe(`subscription { batch { items { id } } }`)) as unknown as { errors: { extensions: unknown }[] };
    expect(refused.errors.map((e) => e.extensions)).toEqual([{ code: "COST_ESTIMATED_TOO_EXPENSIVE", estimatedCost: 101, maxCost: 50 }]);
    expect(engine.stats()).toMatchObject({ sharedStreams: 0, clients: 0 });
  });

  it("streams what fits the budget (a signed-in user's is larger)", async () => {
    const stream = (await subscribe(`subscription { batch { items { id } } }`, { kind: "user" })) as AsyncIterableIterator<{ data?: any }>;
    expect(Symbol.asyncIterator in stream).toBe(true);
    const first = await stream.next();
    expect(first.value.data).toEqual({ batch: { items: [{ id: "1" }] } });
    await stream.return?.();
  });
});
