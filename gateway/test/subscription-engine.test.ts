import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAnyError } from "@floorgraph/errors";
import { createLogger } from "@floorgraph/logger";
import { createSubgraphServer, type RunningServer } from "@floorgraph/service";
import { TEST_PROTECTION, TEST_SIGNING_SECRET } from "@floorgraph/testing";
import { ForwardingDataSource } from "../src/remote-source.ts";
import { SubscriptionEngine } from "../src/subscriptions/engine.ts";

// A subgraph that streams as fast as it can, served over graphql-ws by the same server code as
// Floorgraph's subgraphs, and the gateway's subscription engine in front of it: what happens to a
// client that does not keep up.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { ok: Boolean }
  type Tick { n: Int! }
  type Reading { id: ID! value: Int! }
  type Subscription { tick(count: Int!): Tick!  reading(count: Int!): Reading! }
`;
async function* burst<T>(count: number, make: (i: number) => T) {
  for (let i = 1; i <= count; i++) yield make(i);
}
const logger = createLogger("engine-test", "silent");
let subgraph: RunningServer;
let engine: SubscriptionEngine;

beforeAll(async () => {
  const server = await createSubgraphServer({
    name: "ticker",
    typeDefs: parse(SDL),
    resolvers: {
      Subscription: {
        tick: { subscribe: (_p: unknown, { count }: { count: number }) => burst(count, (n) => ({ tick: { n } })) },
        reading: { subscribe: (_p: unknown, { count }: { count: number }) => burst(count, (n) => ({ reading: { id: n % 2 ? "a" : "b", value: n } })) },
      },
    },
    logger,
    jwt: { secret: "engine-test-secret-0123456789abcdefghij" },
    protection: TEST_PROTECTION,
    extendContext: (base) => base,
    subscriptions: true,
  });
  subgraph = await server.listen(0);
  const composed = composeServices([{ name: "ticker", url: subgraph.url, typeDefs: parse(SDL) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("; "));
  engine = new SubscriptionEngine({
    logger,
    stateFields: new Set(["reading"]),
    clientBuffer: 5,
    createDataSource: (name, url) => new ForwardingDataSource(name, TEST_SIGNING_SECRET, { url }),
    subgraphUrls: {},
    formatErrors: (errors) => errors.map((e) => formatAnyError(e)),
    signingSecret: TEST_SIGNING_SECRET,
  });
  engine.load(composed.supergraphSdl);
});
afterAll(async () => {
  await engine?.dispose();
  await subgraph?.stop();
});

const subscribe = async (query: string) =>
  (await engine.subscribe({ document: parse(query), operationName: undefined, variables: {}, scope: { key: "anonymous", token: undefined, expiresAt: Infinity }, requestId: "test" })) as AsyncIterableIterator<{ data?: any; errors?: any[] }>;

describe("the gateway's subscription engine with a slow client", () => {
  it("ends an event stream that falls more than the buffer behind with UNAVAILABLE, while a client that keeps up gets every event in order", async () => {
    const fast = await subscribe(`subscription { tick(count: 40) { n } }`);
    const slow = await subscribe(`subscription { tick(count: 40) { n } }`);
    expect(engine.stats()).toMatchObject({ sharedStreams: 1, clients: 2, upstreamSubscriptions: 1 });
    const seen: number[] = [];
    for await (const event of fast) seen.push(event.data.tick.n);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    await expect(slow.next()).rejects.toMatchObject({ message: expect.stringMatching(/fell 6 events behind/), extensions: { code: "UNAVAILABLE" } });
  });

  it("gives a slow client of a state stream only the latest state per entity", async () => {
    const fast = await subscribe(`subscription { reading(count: 60) { id value } }`);
    const slow = await subscribe(`subscription { reading(count: 60) { id value } }`);
    // Events arriving faster than they are executed coalesce per entity for everyone; the last
    // state of each entity always arrives.
    const latest = new Map<string, number>();
    for await (const event of fast) latest.set(event.data.reading.id, event.data.reading.value);
    expect(Object.fromEntries(latest)).toEqual({ a: 59, b: 60 });
    const late: unknown[] = [];
    for await (const event of slow) late.push(event.data.reading);
    expect(late).toEqual([{ id: "a", value: 59 }, { id: "b", value: 60 }]);
    expect(engine.stats()).toMatchObject({ sharedStreams: 0, clients: 0 });
  });
});
