export { manifestSchema } from "./schema.mjs";
export { discoverSubgraphs, subgraphNamed, readManifest, ManifestError, REPO_ROOT, MANIFEST_FILE } from "./discover.mjs";
export { defaultPorts, peersOf, urlEnvVar, topicsOf, consumersOf, compositionSubgraphs } from "./derive.mjs";
export { renderDockerCompose } from "./docker-compose.mjs";
export { renderK8sServices, renderPrometheus } from "./deploy.mjs";
export { derivedFiles, staleDerivedFiles, renderServiceNames } from "./derived-files.mjs";
