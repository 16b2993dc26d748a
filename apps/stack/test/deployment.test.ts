import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { derivedFiles, REPO_ROOT } from "@floorgraph/manifests";
import { MANIFESTS } from "../src/services.ts";

// Docker cannot run here, so these keep the container files in step with the workspace by reading them.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, "utf8");

describe("container files", () => {
  it("copies every workspace into the image, so npm ci inside it finds them all", () => {
    const { workspaces } = JSON.parse(read("package.json")) as { workspaces: string[] };
    const dockerfile = read("Dockerfile");
    const folders = new Set(workspaces.map((w) => w.split("/")[0] as string));
    expect(folders.size).toBeGreaterThan(3);
    for (const folder of folders) expect(dockerfile, `Dockerfile copies ${folder}`).toMatch(new RegExp(`^COPY ${folder} \\./${folder}$`, "m"));
  });

  it("runs every subgraph of the stack and the gateway in docker-compose.yml, each with its database", () => {
    const compose = read("docker-compose.yml");
    const entries: [string, string][] = MANIFESTS.map((m): [string, string] => [m.name, `${m.folder}/${m.main}`]);
    expect(entries.map(([name]) => name).sort()).toEqual(["inventory", "orders", "shipment", "users", "warehouse", "wcs"]);
    for (const [name, main] of entries) {
      expect(compose).toMatch(new RegExp(`^  ${name}:$`, "m"));
      expect(compose).toContain(main);
      expect(compose).toContain(`/floorgraph_${name}`);
      expect(compose).toContain(`SUBGRAPH_${name.toUpperCase()}_URL: http://${name}:`);
    }
    expect(compose).toMatch(/^  gateway:$/m);
    // Subgraphs answer only signed requests: the gateway and every subgraph share the signing secrets.
    const anchor = compose.slice(compose.indexOf("x-service-env: &service-env"), compose.indexOf("\nservices:"));
    expect(anchor).toContain("SUBGRAPH_SIGNING_SECRETS: ${SUBGRAPH_SIGNING_SECRETS:-");
    for (const [name] of entries) {
      const section = compose.slice(compose.indexOf(`\n  ${name}:\n`) + 1).split(/\n  [a-z-]+:\n/)[0] as string;
      expect(section).toContain("<<: *service-env");
    }
    expect(compose.slice(compose.indexOf("\n  gateway:\n"))).toContain("SUBGRAPH_SIGNING_SECRETS: ${SUBGRAPH_SIGNING_SECRETS:-");
    expect(compose).toMatch(/^  floor-simulator:$/m);
    expect(compose).toMatch(/^  postgres:$/m);
  });

  it("commits docker-compose.yml and the ServiceName union exactly as the manifests give them (else: npm run compose)", () => {
    for (const file of derivedFiles(MANIFESTS, REPO_ROOT)) {
      expect(readFileSync(file.path, "utf8"), `${file.path} is stale: run \`npm run compose\``).toBe(file.content);
    }
  });
});

type ComposeService = { image?: string; build?: string; command?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] } };
type K8sDoc = { kind: string; metadata: { name: string }; spec: Record<string, any> };

describe("the deployment (docker-compose.yml, deploy/)", () => {
  const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, ComposeService> };
  const services = ["gateway", ...MANIFESTS.map((m) => m.name)];

  it("runs the infrastructure, every service from the built image with a health check and its environment, the dashboard and the observability stack", () => {
    for (const infra of ["postgres", "kafka", "redis", "prometheus", "grafana", "otel-collector", "jaeger"]) {
      expect(compose.services[infra]?.image, `${infra} has an image`).toMatch(/^[\w./-]+:[\w.-]+$/);
    }
    for (const name of [...services, "dashboard", "floor-simulator"]) {
      const service = compose.services[name] as ComposeService;
      expect(service.build, `${name} is built from the Dockerfile`).toBe(".");
      expect(service.command?.slice(0, 3), `${name} runs node`).toEqual(["node", "--import", "tsx"]);
      if (name !== "floor-simulator") expect(service.healthcheck?.test.join(" "), `${name} has a health check`).toMatch(/\/health\/(ready|live)|\/config\.json/);
    }
    for (const name of services) {
      const env = compose.services[name]?.environment ?? {};
      expect(env.REDIS_URL, `${name} REDIS_URL`).toBe("redis://redis:6379");
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT, `${name} traces`).toBe("http://otel-collector:4318");
      expect(env.OTEL_SERVICE_NAME).toBe(name);
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:-.*change-me/);
      if (name !== "gateway") expect(env.DATABASE_URL).toContain(`@postgres:5432/floorgraph_${name}`);
    }
    expect(compose.services.dashboard?.environment?.DASHBOARD_GRAPHQL_URL).toContain("/graphql");
  });

  it("has Prometheus scrape /metrics of every service, and mounts the files the containers read", () => {
    const prometheus = parse(read("deploy/prometheus/prometheus.yml")) as { scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] };
    const port = (name: string) => (name === "gateway" ? 4000 : MANIFESTS.find((m) => m.name === name)?.port);
    for (const name of services) {
      const job = prometheus.scrape_configs.find((j) => j.job_name === name);
      expect(job?.metrics_path).toBe("/metrics");
      expect(job?.static_configs[0]?.targets).toEqual([`${name}:${port(name)}`]);
    }
    const mounted = Object.values(compose.services).flatMap((s) => ((s as { volumes?: string[] }).volumes ?? []).filter((v) => v.startsWith("./")).map((v) => v.split(":")[0]!.slice(2)));
    expect(mounted.length).toBeGreaterThanOrEqual(4);
    for (const file of mounted) expect(() => readFileSync(`${root}${file}`), `${file} exists`).not.toThrow(/ENOENT/);
  });

  it("has the Grafana dashboard query only metrics the services export (docs/operations.md), covering requests, errors, subscriptions, lag and the floor", () => {
    const dashboard = JSON.parse(read("deploy/grafana/dashboards/floorgraph.json")) as { panels: { title: string; targets: { expr: string }[] }[] };
    const documented = new Set([...read("docs/operations.md").matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
    expect(documented.size).toBeGreaterThan(15);
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b([a-z]+_[a-z_]+?)(?:_bucket)?\b(?=[{[)\s]|$)/g)].map((m) => m[1]!)));
    const metrics = used.filter((name) => /^(graphql|gateway|events|wcs)_/.test(name));
    expect(metrics.length).toBeGreaterThan(10);
    for (const name of metrics) expect(documented, `${name} is an exported metric`).toContain(name);
    for (const needed of ["graphql_requests_total", "graphql_request_duration_seconds", "gateway_subscriptions", "events_consumer_lag_messages", "events_outbox_backlog", "wcs_opcua_session_up"]) {
      expect(metrics).toContain(needed);
    }
  });

  it("has a Kubernetes Deployment, Service, probes on /health and resources per service, and an autoscaler for the gateway and each subgraph", () => {
    const kustomization = parse(read("deploy/k8s/base/kustomization.yaml")) as { resources: string[] };
    const docs = kustomization.resources.flatMap((file) => parseAllDocuments(read(`deploy/k8s/base/${file}`)).map((d) => d.toJS() as K8sDoc));
    const find = (kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);
    for (const name of [...services, "dashboard"]) {
      const container = find("Deployment", name)?.spec.template.spec.containers[0];
      expect(container, `${name} Deployment`).toBeDefined();
      expect(find("Service", name), `${name} Service`).toBeDefined();
      expect(container.resources.requests.cpu).toBeDefined();
      if (name === "dashboard") continue;
      expect(container.livenessProbe.httpGet.path).toBe("/health/live");
      expect(container.readinessProbe.httpGet.path).toBe(name === "gateway" ? "/health/live" : "/health/ready");
      expect(find("HorizontalPodAutoscaler", name)?.spec.scaleTargetRef.name, `${name} HPA`).toBe(name);
    }
  });
});
