import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compositionSubgraphs,
  consumersOf,
  defaultPorts,
  discoverSubgraphs,
  ManifestError,
  peersOf,
  renderDockerCompose,
  renderK8sServices,
  renderPrometheus,
  renderServiceNames,
  staleDerivedFiles,
  subgraphNamed,
  topicsOf,
  type SubgraphManifestFile,
} from "../src/index.mjs";

type Draft = Partial<SubgraphManifestFile> & { name: string; port: number };

const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};

/** A repository of its own: a root package.json with workspaces, and one folder per manifest with the files it names. */
function repo(drafts: Draft[], options: { skipFiles?: string[] } = {}) {
  const root = mkdtempSync(join(tmpdir(), "fg-manifests-"));
  write(join(root, "package.json"), JSON.stringify({ workspaces: ["packages/*", "subgraphs/*"] }));
  mkdirSync(join(root, "packages/not-a-subgraph"), { recursive: true });
  for (const draft of drafts) {
    const manifest = {
      package: `@test/${draft.name}`,
      sdl: "src/schema.graphql",
      main: "src/main.ts",
      definition: { module: "src/index.ts", export: `${draft.name}Service` },
      prisma: `prisma/${draft.name}`,
      ...draft,
    };
    const dir = join(root, "subgraphs", draft.name);
    write(join(dir, "subgraph.json"), JSON.stringify(manifest));
    for (const file of ["src/schema.graphql", "src/main.ts", "src/index.ts"]) if (!options.skipFiles?.includes(file)) write(join(dir, file), "");
    if (!options.skipFiles?.includes("schema.prisma")) write(join(root, manifest.prisma, "schema.prisma"), "");
  }
  return root;
}

describe("the repository's manifests", () => {
  const manifests = discoverSubgraphs();

  it("are the six subgraphs, in boot order (peers first, then by port)", () => {
    expect(manifests.map((m) => m.name)).toEqual(["users", "warehouse", "inventory", "orders", "shipment", "wcs"]);
    expect(defaultPorts(manifests)).toEqual({ users: 4001, orders: 4002, inventory: 4003, warehouse: 4004, shipment: 4005, wcs: 4006 });
    expect(peersOf(manifests)).toEqual({ users: [], warehouse: [], inventory: ["warehouse"], orders: ["inventory"], shipment: ["orders"], wcs: [] });
    expect(subgraphNamed("wcs").folder).toBe("wcs-bridge");
  });

  it("give the event topics and the consumers", () => {
    expect(topicsOf(manifests)).toEqual(["audit.events", "floor.events", "inventory.events", "order.events", "shipment.events", "warehouse.events", "dlq"]);
    expect(consumersOf(manifests)).toEqual(["warehouse", "inventory", "orders", "shipment"]);
  });

  it("compose by port, routed at the development ports", () => {
    expect(compositionSubgraphs(manifests).map((s) => [s.name, s.routingUrl])).toEqual(
      ["users", "orders", "inventory", "warehouse", "shipment", "wcs"].map((n, i) => [n, `http://localhost:${4001 + i}/graphql`]),
    );
    expect(renderServiceNames(manifests)).toContain('export type ServiceName = "users" | "orders" | "inventory" | "warehouse" | "shipment" | "wcs";');
  });

  it("refuses an unknown name, naming the known ones", () => {
    expect(() => subgraphNamed("billing")).toThrow(/no subgraph named billing \(known: users, warehouse/);
  });
});

describe("discovery", () => {
  it("finds every workspace folder with a subgraph.json and orders them by peers, then port", () => {
    const root = repo([
      { name: "c", port: 5003, peers: ["b"] },
      { name: "b", port: 5001, peers: ["a"] },
      { name: "a", port: 5002 },
      { name: "d", port: 5000 },
    ]);
    expect(discoverSubgraphs(root).map((m) => m.name)).toEqual(["d", "a", "b", "c"]);
    expect(discoverSubgraphs(root)[0]?.paths.migrations).toBe(join(root, "prisma/d/migrations"));
  });

  it("refuses a cycle of peers, an unknown peer, and a subgraph that is its own peer", () => {
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001, peers: ["b"] }, { name: "b", port: 5002, peers: ["a"] }]))).toThrow(/cycle among a, b/);
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001, peers: ["ghost"] }]))).toThrow(/peer ghost is no subgraph/);
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001, peers: ["a"] }]))).toThrow(/not its own peer/);
  });

  it("refuses two subgraphs with one port or one Prisma folder", () => {
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001 }, { name: "b", port: 5001 }]))).toThrow(/both declare port 5001/);
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001 }, { name: "b", port: 5002, prisma: "prisma/a" }]))).toThrow(/both declare prisma prisma\/a/);
  });

  it("refuses a topic that is not <domain>.events, and consuming what nobody produces", () => {
    const wrongTopic = repo([{ name: "a", port: 5001, events: { produces: ["a.happenings"], consumes: [] } }]);
    expect(() => discoverSubgraphs(wrongTopic)).toThrow(ManifestError);
    expect(() => discoverSubgraphs(wrongTopic)).toThrow(/<domain>\.events/);
    const orphan = repo([{ name: "a", port: 5001, events: { produces: [], consumes: ["b.events"] } }]);
    expect(() => discoverSubgraphs(orphan)).toThrow(/consumes b\.events, which no subgraph declares it produces/);
  });

  it("says which field of which manifest is wrong, and which named file is missing", () => {
    const bad = repo([{ name: "A-B", port: 80 }]);
    expect(() => discoverSubgraphs(bad)).toThrow(/subgraphs\/A-B\/subgraph\.json is not a valid subgraph manifest:\n {2}name: lower-case[\s\S]*port:/);
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001 }], { skipFiles: ["src/schema.graphql"] }))).toThrow(/sdl subgraphs\/a\/src\/schema\.graphql does not exist/);
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001 }], { skipFiles: ["schema.prisma"] }))).toThrow(/prismaSchema prisma\/a\/schema\.prisma does not exist/);
    expect(() => discoverSubgraphs(repo([{ name: "a", port: 5001, unknownField: 1 } as Draft]))).toThrow(/Unrecognized key/);
  });
});

describe("docker-compose.yml", () => {
  it("runs each subgraph with its port, database, peers' URLs and extras, and routes the gateway to all of them", () => {
    const root = repo([
      { name: "a", port: 5001, container: { environment: { A_FLAG: "true", A_URL: "opc.tcp://x:1" }, dependsOn: ["floor-simulator"] } },
      { name: "b", port: 5002, peers: ["a"] },
    ]);
    const text = renderDockerCompose(discoverSubgraphs(root), root);
    const b = text.slice(text.indexOf("\n  b:\n"), text.indexOf("\n  gateway:\n"));
    expect(b).toContain('command: ["node", "--import", "tsx", "subgraphs/b/src/main.ts"]');
    expect(b).toContain("OTEL_SERVICE_NAME: b");
    expect(b).toContain("fetch('http://127.0.0.1:5002/health/ready')");
    expect(b).toContain('PORT: "5002"');
    expect(b).toContain("@postgres:5432/floorgraph_b");
    expect(b).toContain("SUBGRAPH_A_URL: http://a:5001/graphql");
    const a = text.slice(text.indexOf("\n  a:\n"), text.indexOf("\n  b:\n"));
    expect(a).toContain('A_FLAG: "true"');
    expect(a).toContain("A_URL: opc.tcp://x:1");
    expect(a).toContain("      floor-simulator:\n        condition: service_started");
    const gateway = text.slice(text.indexOf("\n  gateway:\n"));
    expect(gateway).toContain("SUBGRAPH_A_URL: http://a:5001/graphql\n      SUBGRAPH_B_URL: http://b:5002/graphql");
    expect(gateway).toContain("a: { condition: service_healthy }\n      b: { condition: service_healthy }");
  });

  it("gives Prometheus and Kubernetes every subgraph and the gateway", () => {
    const root = repo([{ name: "a", port: 5001 }, { name: "b", port: 5002, peers: ["a"] }]);
    const manifests = discoverSubgraphs(root);
    const prometheus = renderPrometheus(manifests);
    for (const target of ["gateway:4000", "a:5001", "b:5002"]) expect(prometheus).toContain(`- targets: ["${target}"]`);
    const k8s = renderK8sServices(manifests);
    for (const name of ["a", "b", "gateway", "dashboard"]) {
      expect(k8s).toContain(`kind: Deployment\nmetadata:\n  name: ${name}\n`);
      expect(k8s).toContain(`kind: Service\nmetadata:\n  name: ${name}\n`);
    }
    for (const name of ["a", "b", "gateway"]) expect(k8s).toContain(`kind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\n`);
    expect(k8s).toContain("httpGet: { path: /health/ready, port: 5002 }");
    expect(k8s).toContain('- { name: SUBGRAPH_A_URL, value: "http://a:5001/graphql" }');
  });

  it("is reported stale until regenerated", () => {
    const root = repo([{ name: "a", port: 5001 }]);
    mkdirSync(join(root, "packages/manifests/src"), { recursive: true });
    const manifests = discoverSubgraphs(root);
    expect(staleDerivedFiles(manifests, root).map((f) => f.path.slice(root.length))).toEqual([
      "/docker-compose.yml",
      "/packages/manifests/src/service-names.d.mts",
      "/deploy/prometheus/prometheus.yml",
      "/deploy/k8s/base/services.yaml",
    ]);
    for (const f of staleDerivedFiles(manifests, root)) {
      mkdirSync(dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.content);
    }
    expect(staleDerivedFiles(manifests, root)).toEqual([]);
  });
});
