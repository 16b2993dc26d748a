import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAnyError } from "@floorgraph/errors";
import { createLogger } from "@floorgraph/logger";
import { createSubgraphServer, type RunningServer } from "@floorgraph/service";
import { Authorizer } from "../src/authorization/index.ts";
import { ForwardingDataSource } from "../src/remote-source.ts";
import { SubscriptionEngine } from "../src/subscriptions/engine.ts";
import { TEST_PROTECTION, TEST_SIGNING_SECRET } from "@floorgraph/testing";

// Subscriptions meet the supergraph's authorization in the subscription engine: a field the caller
// may not read is removed before planning and each event answers it null with its error; a
// subscription with nothing left is refused without opening anything upstream.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes"])
  type Query { ok: Boolean }
  type Tick { n: Int! secret: Int @requiresScopes(scopes: [["ticks:secret"]]) }
  type Subscription { tick(count: Int!): Tick!  hidden(count: Int!): Tick! @authenticated }
`;
async function* burst<T>(count: number, make: (i: number) => T) {
  for (let i = 1; i <= count; i++) yield make(i);
}
const logger = createLogger("authz-subscriptions-test", "silent");
const viewer = { userId: "u", email: "v@example.com", role: "VIEWER" as const, partnerId: null, scopes: ["ticks:secret"], kind: "user" as const };
let subgraph: RunningServer;
let engine: SubscriptionEngine;

beforeAll(async () => {
  const ticks = (key: string) => ({ subscribe: (_p: unknown, { count }: { count: number }) => burst(count, (n) => ({ [key]: { n, secret: n * 10 } })) });
  const server = await createSubgraphServer({
    name: "ticker",
    typeDefs: parse(SDL),
    resolvers: { Subscription: { tick: ticks("tick"), hidden: ticks("hidden") } },
    logger,
    jwt: { secret: "authz-subscriptions-secret-0123456789abcdef" },
    extendContext: (base) => base,
    protection: TEST_PROTECTION,
    subscriptions: true,
  });
  subgraph = await server.listen(0);
  const composed = composeServices([{ name: "ticker", url: subgraph.url, typeDefs: parse(SDL) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("; "));
  const authorizer = new Authorizer();
  engine = new SubscriptionEngine({
    logger,
    stateFields: new Set(),
    clientBuffer: 100,
    createDataSource: (name, url) => new ForwardingDataSource(name, TEST_SIGNING_SECRET, { url }),
    signingSecret: TEST_SIGNING_SECRET,
    subgraphUrls: {},
    formatErrors: (errors) => errors.map((e) => formatAnyError(e)),
    authorizer,
  });
  engine.load(authorizer.prepare(composed.supergraphSdl));
});
afterAll(async () => {
  await engine?.dispose();
  await subgraph?.stop();
});

const subscribe = (query: string, identity: typeof viewer | null, key: string) =>
  engine.subscribe({ document: parse(query), operationName: undefined, variables: {}, scope: { key, token: undefined, expiresAt: Infinity }, identity, requestId: "test" });
const collect = async (pending: ReturnType<typeof subscribe>) => {
  const events: { data?: any; errors?: any[] }[] = [];
  for await (const event of (await pending) as AsyncIterableIterator<{ data?: any; errors?: any[] }>) events.push(event);
  return events;
};

describe("authorization of subscriptions", () => {
  it("answers a field the caller may not read null with FORBIDDEN at its path in every event, and the rest as usual", async () => {
    const events = await collect(subscribe(`subscription { tick(count: 3) { n hush: secret } }`, { ...viewer, scopes: [] }, "viewer-without"));
    expect(events.map((e) => e.data)).toEqual([1, 2, 3].map((n) => ({ tick: { n, hush: null } })));
    for (const event of events) expect(event.errors).toMatchObject([{ path: ["tick", "hush"], extensions: { code: "FORBIDDEN" } }]);
  });

  it("streams the field to a caller having the scope", async () => {
    const events = await collect(subscribe(`subscription { tick(count: 2) { n secret } }`, viewer, "viewer-with"));
    expect(events).toEqual([1, 2].map((n) => ({ data: { tick: { n, secret: n * 10 } } })));
  });

  it("refuses a subscription with nothing authorised left without subscribing upstream", async () => {
    const before = engine.stats().upstreamSubscriptions;
    const refused = await subscribe(`subscription { hidden(count: 2) { n } }`, null, "anonymous");
    expect(refused).toMatchObject({ errors: [{ path: ["hidden"], extensions: { code: "UNAUTHENTICATED" } }] });
    expect(engine.stats().upstreamSubscriptions).toBe(before);
  });
});
