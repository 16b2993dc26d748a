import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { composeServices } from "@apollo/composition";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

// The gateway is a general federation gateway: given someone else's supergraph and no Floorgraph
// settings at all, it must serve it from the command line.
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { hello: String! product(upc: String!): Product echoAuthorization: String }
  type Product @key(fields: "upc") { upc: String! name: String! related: Product }
`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let subgraph: ApolloServer<{ authorization?: string }>;
let gateway: ChildProcess;
let base: string;

beforeAll(async () => {
  subgraph = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(SDL),
      resolvers: {
        Query: {
          hello: () => "world",
          product: (_: unknown, { upc }: { upc: string }) => ({ upc, name: `Product ${upc}` }),
          echoAuthorization: (_: unknown, __: unknown, ctx: unknown) => (ctx as { authorization?: string }).authorization ?? null,
        },
        Product: {
          related: (p: { upc: string }) => ({ upc: `${p.upc}0`, name: `Product ${p.upc}0` }),
        },
      },
    }),
  });
  const { url } = await startStandaloneServer(subgraph, {
    listen: { port: 0, host: "127.0.0.1" },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  const composed = composeServices([{ name: "catalog", url, typeDefs: parse(SDL) }]);
  if (composed.errors) throw composed.errors[0];
  const file = join(mkdtempSync(join(tmpdir(), "fg-foreign-")), "supergraph.graphql");
  writeFileSync(file, composed.supergraphSdl);

  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const bin = fileURLToPath(new URL("../bin/gateway.mjs", import.meta.url));
  // Only what any process needs: no JWT_SECRET, no SUBGRAPH_* overrides, nothing of Floorgraph's.
  gateway = spawn(process.execPath, [bin, "--supergraph", file, "--port", String(port)], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${base}/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("gateway did not become healthy within 30 s");
});

afterAll(async () => {
  gateway?.kill("SIGTERM");
  await subgraph?.stop();
});

const query = async (q: string, headers: Record<string, string> = {}) =>
  (await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: q }) })).json() as Promise<{
    data?: Record<string, unknown>;
    errors?: unknown[];
  }>;

describe("gateway CLI with a foreign supergraph", () => {
  it("answers GET /health with 200 once ready, and /health/ready with its foreign subgraph answering (it has no probe of its own)", async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "gateway" });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, { status: string }> };
    expect(Object.values(body.checks).map((c) => c.status)).toEqual(["up", "up"]);
    expect(Object.keys(body.checks)).toEqual(["supergraph", expect.stringMatching(/^subgraph:/)]);
  });

  it("plans and executes queries against the foreign subgraph", async () => {
    const res = await query(`{ hello product(upc: "42") { upc name } }`);
    // A supergraph without cost directives: an object costs 1; an anonymous caller's budget applies.
    expect(res).toEqual({ data: { hello: "world", product: { upc: "42", name: "Product 42" } }, extensions: { cost: { estimated: 1, actual: 1, max: 5000 } } });
  });

  it("forwards the caller's Authorization header unverified when no authentication is configured", async () => {
    const res = await query(`{ echoAuthorization }`, { authorization: "Bearer opaque-foreign-token" });
    expect(res.data?.echoAuthorization).toBe("Bearer opaque-foreign-token");
  });

  it("serves nesting within the depth limit and refuses deeper operations before planning", async () => {
    const nest = (depth: number) => `{ product(upc: "1") ${"{ related ".repeat(depth)}{ upc }${" }".repeat(depth)} }`;
    const ok = await query(nest(10));
    expect(ok.errors).toBeUndefined();
    const deep = await query(nest(20));
    expect(deep.data).toBeUndefined();
    expect(deep.errors).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/depth limit of 15/), extensions: expect.objectContaining({ code: "GRAPHQL_VALIDATION_FAILED" }) }));
  });

  it("refuses an operation with more aliases than allowed", async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: hello`).join(" ");
    const res = await query(`{ ${aliases} }`);
    expect(res.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/alias/i) })]);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => gateway.once("exit", (code) => resolve(code)));
    gateway.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
