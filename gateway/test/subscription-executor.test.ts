import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import { formatAnyError, notFound } from "@floorgraph/errors";
import { createLogger } from "@floorgraph/logger";
import { createSubgraphServer, type RunningServer } from "@floorgraph/service";
import { TEST_PROTECTION, TEST_SIGNING_SECRET } from "@floorgraph/testing";
import { createExecutor, type Executor } from "../src/execution/index.ts";
import type { GatewayContext } from "../src/context.ts";
import { ForwardingDataSource } from "../src/remote-source.ts";
import { SubscriptionEngine } from "../src/subscriptions/engine.ts";

// Each event of a federated subscription completes its entity fields in another subgraph. With the
// floorgraph executor (GATEWAY_EXECUTOR's default) the engine runs that per-event part with
// executeSubscriptionEvent; without it, with @apollo/gateway's executeQueryPlan. Both must answer
// the same, errors included, and the executor must be the one fetching.
const TICKER = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { ok: Boolean }
  type Item @key(fields: "id") { id: ID! }
  type Tick { n: Int! item: Item! }
  type Subscription { tick(count: Int!): Tick! }
`;
const CATALOG = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { item(id: ID!): Item }
  type Item @key(fields: "id") { id: ID! name: String! label: String }
`;
async function* burst<T>(count: number, make: (i: number) => T) {
  for (let i = 1; i <= count; i++) yield make(i);
}
const logger = createLogger("subscription-executor-test", "silent");
const subgraphs: RunningServer[] = [];
const engines: SubscriptionEngine[] = [];
let executor: Executor<GatewayContext>;
let supergraphSdl: string;

const service = (name: string, sdl: string, resolvers: Record<string, unknown>) =>
  createSubgraphServer({
    name,
    typeDefs: parse(sdl),
    resolvers: resolvers as never,
    logger,
    jwt: { secret: "subscription-executor-secret-0123456789" },
    protection: TEST_PROTECTION,
    extendContext: (base) => base,
    subscriptions: name === "ticker",
  });

beforeAll(async () => {
  const ticker = await service("ticker", TICKER, {
    Subscription: { tick: { subscribe: (_p: unknown, { count }: { count: number }) => burst(count, (n) => ({ tick: { n, item: { id: String(n) } } })) } },
  });
  const catalog = await service("catalog", CATALOG, {
    Item: {
      __resolveReference: (ref: { id: string }) => ref,
      name: (item: { id: string }) => `item ${item.id}`,
      // Item 2's label fails: the event keeps its data, with the error at the client's path.
      label: (item: { id: string }) => {
        if (item.id === "2") throw notFound("label of item", "2");
        return `label ${item.id}`;
      },
    },
  });
  subgraphs.push(await ticker.listen(0), await catalog.listen(0));
  const composed = composeServices([
    { name: "ticker", url: subgraphs[0]!.url, typeDefs: parse(TICKER) },
    { name: "catalog", url: subgraphs[1]!.url, typeDefs: parse(CATALOG) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("; "));
  supergraphSdl = composed.supergraphSdl;
  executor = createExecutor<GatewayContext>({
    supergraphSdl,
    headers: (_subgraph, body, context) => ({ ...context?.forwarded, [SIGNATURE_HEADER]: signRequestBody(body, TEST_SIGNING_SECRET) }),
  });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
  await executor?.close();
  await Promise.all(subgraphs.map((s) => s.stop()));
});

function startEngine(withExecutor: boolean): SubscriptionEngine {
  const engine = new SubscriptionEngine({
    logger,
    stateFields: new Set(),
    clientBuffer: 100,
    createDataSource: (name, url) => new ForwardingDataSource(name, TEST_SIGNING_SECRET, { url }),
    subgraphUrls: {},
    formatErrors: (errors) => errors.map((e) => formatAnyError(e)),
    signingSecret: TEST_SIGNING_SECRET,
    ...(withExecutor ? { executor: () => executor } : {}),
  });
  engine.load(supergraphSdl);
  engines.push(engine);
  return engine;
}

async function events(engine: SubscriptionEngine, query: string) {
  const stream = (await engine.subscribe({ document: parse(query), operationName: undefined, variables: {}, scope: { key: "anonymous", token: undefined, expiresAt: Infinity }, requestId: "test" })) as AsyncIterableIterator<unknown>;
  const seen: unknown[] = [];
  for await (const event of stream) seen.push(event);
  return seen;
}

describe("subscription events on the floorgraph executor", () => {
  it("complete their entity fields through the executor, answering as executeQueryPlan does (errors at the client's path)", async () => {
    const query = `subscription { tick(count: 3) { n item { name label } } }`;
    const before = executor.stats().subgraphRequests;
    const ours = await events(startEngine(true), query);
    // One catalog request per event, sent by the executor.
    expect(executor.stats().subgraphRequests - before).toBe(3);
    const apollos = await events(startEngine(false), query);
    expect(ours).toEqual(apollos);
    expect(ours[0]).toEqual({ data: { tick: { n: 1, item: { name: "item 1", label: "label 1" } } } });
    expect(ours[1]).toMatchObject({ data: { tick: { n: 2, item: { name: "item 2", label: null } } }, errors: [{ message: "label of item 2 was not found", path: ["tick", "item", "label"], extensions: { code: "NOT_FOUND" } }] });
  });
});
