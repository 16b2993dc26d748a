import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper/resolverMap.js";
import { createExecutor, type Executor } from "../../src/execution/index.ts";

// @apollo/subgraph builds its schema with graphql's CommonJS build; execute it with the same build.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export interface SubgraphDef {
  name: string;
  typeDefs: string;
  resolvers: GraphQLResolverMap<unknown>;
}

export interface ExpectedError {
  path?: (string | number)[];
  message?: string | RegExp;
  code?: string;
}

export interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  expected: { data: unknown; errors?: ExpectedError[] };
  /** Subgraphs the plan must not ask (e.g. fields served through @provides). */
  notAsked?: string[];
  /** Apollo answers this case wrongly: why (its answer is recorded, not asserted). */
  apolloDeviation?: string;
}

export interface Fixture {
  name: string;
  subgraphs: SubgraphDef[];
  /** Subgraph servers answer a body they answered before from memory (benchmarks of the gateway alone). */
  memoize?: boolean;
  /** Subgraphs whose server is stopped after composition (unreachable). */
  down?: string[];
  cases: Case[];
}

export interface RunningFixture {
  supergraphSdl: string;
  /** Requests each subgraph's server received, by subgraph name. */
  counts: Map<string, number>;
  /** Every request the subgraphs received: its body and headers. */
  log: { subgraph: string; body: string; headers: Record<string, string | string[] | undefined> }[];
  ours: Executor;
  apollo: ApolloServer;
  stop(): Promise<void>;
}

/** One subgraph over node:http on port 0: POST a GraphQL request, get its result as JSON. */
async function serve(def: SubgraphDef, counts: Map<string, number>, log: RunningFixture["log"], memoize: boolean): Promise<{ server: Server; url: string }> {
  const memo = new Map<string, string>();
  const schema = buildSubgraphSchema({ typeDefs: graphql.parse(def.typeDefs), resolvers: def.resolvers });
  counts.set(def.name, 0);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      counts.set(def.name, (counts.get(def.name) ?? 0) + 1);
      const body = Buffer.concat(chunks).toString();
      if (!memoize) log.push({ subgraph: def.name, body, headers: req.headers });
      const known = memoize ? memo.get(body) : undefined;
      if (known) return void res.writeHead(200, { "content-type": "application/json" }).end(known);
      void (async () => {
        const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const result = JSON.stringify(await graphql.execute({ schema, document: graphql.parse(query), variableValues: variables ?? {}, operationName, contextValue: { headers: req.headers } }));
        if (memoize) memo.set(body, result);
        res.writeHead(200, { "content-type": "application/json" }).end(result);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/graphql` };
}

export async function startFixture(fixture: Fixture): Promise<RunningFixture> {
  const counts = new Map<string, number>();
  const log: RunningFixture["log"] = [];
  const served = await Promise.all(fixture.subgraphs.map((s) => serve(s, counts, log, fixture.memoize ?? false)));
  const composed = composeServices(fixture.subgraphs.map((s, i) => ({ name: s.name, url: served[i]!.url, typeDefs: graphql.parse(s.typeDefs) })));
  if (composed.errors) throw new Error(`composition of ${fixture.name} failed: ${composed.errors.map((e) => e.message).join("; ")}`);
  const supergraphSdl = composed.supergraphSdl;
  const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));
  for (const [i, s] of fixture.subgraphs.entries()) if (fixture.down?.includes(s.name)) await close(served[i]!.server);
  const ours = createExecutor({ supergraphSdl, fetch: { timeoutMs: 5000 } });
  const apollo = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }), includeStacktraceInErrorResponses: false });
  await apollo.start();
  return {
    supergraphSdl,
    counts,
    log,
    ours,
    apollo,
    async stop() {
      await ours.close();
      await apollo.stop();
      await Promise.all(served.filter((_, i) => !fixture.down?.includes(fixture.subgraphs[i]!.name)).map((s) => close(s.server)));
    },
  };
}

export interface Answer {
  data?: unknown;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function askApollo(apollo: ApolloServer, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await apollo.executeOperation({ query, variables: variables ?? {} });
  if (response.body.kind !== "single") throw new Error("incremental response");
  return JSON.parse(JSON.stringify(response.body.singleResult)) as Answer;
}

export async function askOurs(ours: Executor, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  return JSON.parse(JSON.stringify(await ours.execute({ query, variables: variables ?? {} }))) as Answer;
}

/** Why an answer differs from the expected one, or null when it matches (errors in any order). */
export function mismatch(expected: Case["expected"], actual: Answer): string | null {
  // Field order is part of the answer (the spec's ordered map), so the comparison is exact.
  if (JSON.stringify(actual.data ?? null) !== JSON.stringify(expected.data)) {
    return `data differs: ${JSON.stringify(actual.data)}`;
  }
  const want = expected.errors ?? [];
  const got = [...(actual.errors ?? [])];
  if (got.length !== want.length) return `expected ${want.length} error(s), got ${JSON.stringify(got)}`;
  for (const w of want) {
    const i = got.findIndex(
      (g) =>
        JSON.stringify(g.path ?? null) === JSON.stringify(w.path ?? null) &&
        (w.message === undefined || (typeof w.message === "string" ? g.message === w.message : w.message.test(g.message))) &&
        (w.code === undefined || g.extensions?.code === w.code),
    );
    if (i < 0) return `no error like ${JSON.stringify({ ...w, message: String(w.message) })} in ${JSON.stringify(got)}`;
    got.splice(i, 1);
  }
  return null;
}
