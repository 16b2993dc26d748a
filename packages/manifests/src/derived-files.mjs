// The committed files derived from the manifests: docker-compose.yml, the ServiceName union, Prometheus's targets, the Kubernetes base.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderDockerCompose } from "./docker-compose.mjs";
import { renderK8sServices, renderPrometheus } from "./deploy.mjs";

/** The union of service names, for types (runtime code validates names against the manifests). */
export const renderServiceNames = (manifests) =>
  [
    "// GENERATED from the subgraph manifests by `npm run compose`; do not edit.",
    `export type ServiceName = ${[...manifests].sort((a, b) => a.port - b.port).map((m) => JSON.stringify(m.name)).join(" | ")};`,
    "",
  ].join("\n");

/** Each derived file: its path and what it must contain. */
export const derivedFiles = (manifests, root) => [
  { path: join(root, "docker-compose.yml"), content: renderDockerCompose(manifests, root) },
  { path: join(root, "packages/manifests/src/service-names.d.mts"), content: renderServiceNames(manifests) },
  { path: join(root, "deploy/prometheus/prometheus.yml"), content: renderPrometheus(manifests) },
  { path: join(root, "deploy/k8s/base/services.yaml"), content: renderK8sServices(manifests) },
];

/** The derived files whose committed text differs from what the manifests give. */
export const staleDerivedFiles = (manifests, root) =>
  derivedFiles(manifests, root).filter((f) => {
    try {
      return readFileSync(f.path, "utf8") !== f.content;
    } catch {
      return true;
    }
  });
