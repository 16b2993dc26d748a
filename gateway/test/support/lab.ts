import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { createLogger } from "@floorgraph/logger";
import { createSubgraphServer, type RunningServer } from "@floorgraph/service";
import { TEST_PROTECTION, TEST_SIGNING_SECRET } from "@floorgraph/testing";
import { DEFAULT_LIMITS } from "../../src/config.ts";
import { startGateway, type GatewayOptions, type RunningGateway } from "../../src/server.ts";

// A small real subgraph ("lab") with fields that misbehave on demand (slow, huge, endless), and the
// real gateway in front of it on port 0: what the gateway's transports and budgets are tested against.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    hello: String!
    "Answers after ms milliseconds."
    slow(ms: Int!): String!
    "A string of kb kilobytes."
    big(kb: Int!): String!
    mutations: Int!
    "A tick now (an object field: it has a cost, and nests through next)."
    tick: Tick!
  }
  type Mutation { touch: Int! }
  type Tick { n: Int! next: Tick }
  type Subscription { ticks: Tick! }
`;

// A second subgraph, so a response can be over a limit that neither subgraph's own answer is over.
const ANNEX_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { "A string of kb kilobytes, from the other subgraph." annex(kb: Int!): String! }
`;

/** A test gateway over a supergraph: tokens verified with jwtSecret, subgraph requests signed as the test subgraphs expect. */
export function testGatewayOptions(supergraphSdl: string, jwtSecret: string, overrides: Partial<GatewayOptions> = {}): GatewayOptions {
  return {
    supergraph: { sdl: supergraphSdl },
    jwt: { secret: jwtSecret },
    forwardHeaders: ["authorization", "x-request-id"],
    corsOrigins: "*",
    subgraphUrls: {},
    subgraphTimeoutMs: 10_000,
    maxBodyBytes: 1_000_000,
    limits: DEFAULT_LIMITS,
    subgraphSigningSecret: TEST_SIGNING_SECRET,
    ...overrides,
  };
}

export const JWT = { secret: "gateway-lab-secret-0123456789abcdefghij", ttlSeconds: 3600 };

export interface Lab {
  gateway: RunningGateway;
  url: string;
  base: string;
  /** Mutations the subgraph has executed (a refused one must not count). */
  mutations(): number;
  /** Requests the subgraph has received for slow() and how many were aborted before answering. */
  slowCalls: { started: number; aborted: number };
  stop(): Promise<void>;
}

async function* ticks(signal?: AbortSignal) {
  for (let n = 1; !signal?.aborted; n++) {
    yield { ticks: { n } };
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startLab(overrides: Partial<GatewayOptions> = {}): Promise<Lab> {
  const logger = createLogger("gateway-lab", (process.env.LOG_LEVEL as "silent") ?? "silent");
  let mutations = 0;
  const slowCalls = { started: 0, aborted: 0 };
  const server = await createSubgraphServer({
    name: "lab",
    typeDefs: parse(SDL),
    resolvers: {
      Query: {
        hello: () => "world",
        slow: async (_: unknown, { ms }: { ms: number }) => {
          slowCalls.started++;
          await new Promise((r) => setTimeout(r, ms));
          return "done";
        },
        big: (_: unknown, { kb }: { kb: number }) => "x".repeat(kb * 1024),
        mutations: () => mutations,
        tick: () => ({ n: 0 }),
      },
      Tick: { next: (tick: { n: number }) => ({ n: tick.n + 1 }) },
      Mutation: { touch: () => ++mutations },
      Subscription: { ticks: { subscribe: () => ticks() } },
    },
    logger,
    jwt: JWT,
    protection: TEST_PROTECTION,
    extendContext: (base) => base,
    subscriptions: true,
  });
  // The subgraph's HTTP server tells when a request was closed by the gateway before it answered.
  server.httpServer.on("request", (req, res) => {
    res.on("close", () => {
      if (!res.writableFinished) slowCalls.aborted++;
    });
  });
  const subgraph: RunningServer = await server.listen(0);
  const annexServer = await createSubgraphServer({
    name: "annex",
    typeDefs: parse(ANNEX_SDL),
    resolvers: { Query: { annex: (_: unknown, { kb }: { kb: number }) => "y".repeat(kb * 1024) } },
    logger,
    jwt: JWT,
    protection: TEST_PROTECTION,
    extendContext: (base) => base,
  });
  const annex = await annexServer.listen(0);
  const composed = composeServices([
    { name: "lab", url: subgraph.url, typeDefs: parse(SDL) },
    { name: "annex", url: annex.url, typeDefs: parse(ANNEX_SDL) },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join("; "));
  const gateway = await startGateway(testGatewayOptions(composed.supergraphSdl as string, JWT.secret, overrides), logger, 0);
  return {
    gateway,
    url: gateway.url,
    base: gateway.url.replace(/\/graphql$/, ""),
    mutations: () => mutations,
    slowCalls,
    async stop() {
      await gateway.stop();
      await subgraph.stop();
      await annex.stop();
    },
  };
}
