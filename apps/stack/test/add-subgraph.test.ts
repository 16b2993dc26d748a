import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumersOf, discoverSubgraphs, renderDockerCompose, staleDerivedFiles, topicsOf, type SubgraphManifest } from "@floorgraph/manifests";
import { compose, CONFIG_PATH, readConfig } from "@floorgraph/schema";
import { loadServiceConfig, type ServiceName } from "@floorgraph/service";
import { gql, tokenFor } from "@floorgraph/testing";
import { prismaFolders } from "../../../prisma/scripts/services.mjs";
import { repositoryWithReturns } from "./fixture-repo.ts";
import { startTestStack, type TestStack } from "./harness.ts";
import { loadServiceDefinitions, portOffsets } from "../src/services.ts";

// Adding a subgraph is a folder and its Prisma folder: a fixture subgraph (returns, port 4007, calls
// orders, produces returns.events, consumes order.cancelled) dropped into a copy of the repository
// is picked up by every list that used to be written by hand, and runs in the whole system.
let repo: Awaited<ReturnType<typeof repositoryWithReturns>>;
let manifests: readonly SubgraphManifest[];
beforeAll(async () => {
  repo = await repositoryWithReturns();
  manifests = discoverSubgraphs(repo.root);
});
afterAll(() => repo?.remove());

describe("a fixture subgraph added as a folder and its Prisma folder", () => {
  it("is discovered, and boots after the peer it calls", () => {
    expect(manifests.map((m) => m.name)).toEqual(["users", "warehouse", "inventory", "orders", "shipment", "wcs", "returns"]);
    expect(discoverSubgraphs().map((m) => m.name)).not.toContain("returns");
  });

  it("gets its Prisma client generated and its migrations found", () => {
    expect(prismaFolders(repo.root)).toContain("returns");
    expect(prismaFolders()).not.toContain("returns");
    expect(manifests.find((m) => m.name === "returns")?.paths.migrations).toBe(join(repo.root, "prisma/returns/migrations"));
  });

  it("is composed into the supergraph at its development port", () => {
    const outcome = compose(readConfig(CONFIG_PATH, repo.root));
    expect(outcome.errors).toEqual([]);
    expect(outcome.supergraphSdl).toContain('RETURNS @join__graph(name: "returns", url: "http://localhost:4007/graphql")');
    expect(outcome.supergraphSdl).toMatch(/returnable: Boolean! @join__field\(graph: RETURNS\)/);
  });

  it("has a port, and a URL every other subgraph can be told (SUBGRAPH_RETURNS_URL)", () => {
    const own = loadServiceConfig("returns" as ServiceName, {}, repo.root);
    expect(own.port).toBe(4007);
    expect(own.peers.orders).toBe("http://127.0.0.1:4002/graphql");
    const orders = loadServiceConfig("orders", { SUBGRAPH_RETURNS_URL: "http://returns.internal:80/graphql" }, repo.root);
    expect((orders.peers as Record<string, string>).returns).toBe("http://returns.internal:80/graphql");
    expect(() => loadServiceConfig("returns" as ServiceName, {})).toThrow(/no subgraph named returns/);
  });

  it("is in the stack's services, at its port offset, with its definition loaded", async () => {
    expect(portOffsets(manifests)).toMatchObject({ users: 0, returns: 6, wcs: 5 });
    const definitions = await loadServiceDefinitions(manifests, { wcs: { floorEndpoint: "opc.tcp://127.0.0.1:1", clientOptions: {} } });
    expect(definitions.map((d) => d.name)).toEqual(manifests.map((m) => m.name));
  });

  it("has its topic and its consumer group", () => {
    expect(topicsOf(manifests)).toContain("returns.events");
    expect(topicsOf(discoverSubgraphs())).not.toContain("returns.events");
    expect(consumersOf(manifests)).toContain("returns");
  });

  it("makes the committed docker-compose.yml stale until `npm run compose` rewrites it", () => {
    const stale = staleDerivedFiles(manifests, repo.root).map((f) => f.path.slice(repo.root.length + 1));
    expect(stale).toEqual(["docker-compose.yml", "packages/manifests/src/service-names.d.mts", "deploy/prometheus/prometheus.yml", "deploy/k8s/base/services.yaml"]);
    const compose = renderDockerCompose(manifests, repo.root);
    const service = compose.slice(compose.indexOf("\n  returns:\n"), compose.indexOf("\n  gateway:\n"));
    expect(service).toContain('command: ["node", "--import", "tsx", "subgraphs/returns/src/main.ts"]');
    expect(service).toContain("@postgres:5432/floorgraph_returns");
    expect(service).toContain("SUBGRAPH_ORDERS_URL: http://orders:4002/graphql");
    expect(compose).toContain("      SUBGRAPH_WCS_URL: http://wcs:4006/graphql\n      SUBGRAPH_RETURNS_URL: http://returns:4007/graphql\n");
    expect(readFileSync(join(repo.root, "docker-compose.yml"), "utf8")).not.toContain("returns");
  });
});

describe("the whole system with the fixture subgraph", () => {
  let stack: TestStack;
  beforeAll(async () => {
    const supergraphSdl = compose(readConfig(CONFIG_PATH, repo.root)).supergraphSdl as string;
    stack = await startTestStack({ manifests, supergraphSdl });
  });
  afterAll(() => stack?.stopAll());

  it("boots it (migrated) and the gateway routes to it, joining its field onto orders", async () => {
    expect(Object.keys(stack.subgraphs)).toContain("returns");
    const token = await tokenFor("ADMIN");
    const res = await gql<{ returnPolicy: { days: number }; orders: { number: string; returnable: boolean }[] }>(
      stack.url,
      "{ returnPolicy { days } orders(first: 2) { number returnable } }",
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.returnPolicy).toEqual({ days: 30 });
    expect(res.data?.orders).toHaveLength(2);
    expect(res.data?.orders.every((o) => o.returnable === true && /^SO-/.test(o.number))).toBe(true);
    const anonymous = await gql(stack.url, "{ returnPolicy { days } }");
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
