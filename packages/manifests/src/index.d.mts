// Types of index.mjs (plain JavaScript so that .mjs scripts read manifests without a TypeScript loader).
import type { z } from "zod";
export type { ServiceName } from "./service-names.d.mts";

export declare const manifestSchema: z.ZodType<SubgraphManifestFile>;

/** subgraph.json as written (after defaults). */
export interface SubgraphManifestFile {
  $comment?: string;
  name: string;
  port: number;
  package: string;
  sdl: string;
  main: string;
  definition: { module: string; export: string };
  peers: string[];
  prisma: string;
  /** Topics it writes to and reads from (the event types on them are the producer's contracts). */
  events: { produces: string[]; consumes: string[] };
  container: { environment: Record<string, string>; dependsOn: string[] };
}

/** A validated manifest with its folder and the absolute paths it names. */
export interface SubgraphManifest extends SubgraphManifestFile {
  /** Its folder relative to the repository root, e.g. subgraphs/orders. */
  folder: string;
  dir: string;
  paths: { sdl: string; main: string; definition: string; prisma: string; prismaSchema: string; migrations: string };
}

export declare class ManifestError extends Error {}
export declare const REPO_ROOT: string;
export declare const MANIFEST_FILE: string;

export declare function readManifest(root: string, folder: string): SubgraphManifest;
/** Every subgraph under root (the repository by default), validated, in boot order (peers first, then by port). */
export declare function discoverSubgraphs(root?: string): readonly SubgraphManifest[];
export declare function subgraphNamed(name: string, root?: string): SubgraphManifest;

export declare function defaultPorts(manifests: readonly SubgraphManifest[]): Record<string, number>;
export declare function peersOf(manifests: readonly SubgraphManifest[]): Record<string, string[]>;
export declare function urlEnvVar(name: string): string;
export declare function topicsOf(manifests: readonly SubgraphManifest[]): string[];
export declare function consumersOf(manifests: readonly SubgraphManifest[]): string[];
export declare function compositionSubgraphs(manifests: readonly SubgraphManifest[]): { name: string; schema: string; routingUrl: string }[];
export declare function renderDockerCompose(manifests: readonly SubgraphManifest[], root: string): string;
/** deploy/prometheus/prometheus.yml: a scrape job per subgraph and the gateway. */
export declare function renderPrometheus(manifests: readonly SubgraphManifest[]): string;
/** deploy/k8s/base/services.yaml: Deployment, Service (and HorizontalPodAutoscaler) per subgraph, the gateway and the dashboard. */
export declare function renderK8sServices(manifests: readonly SubgraphManifest[]): string;
export declare function renderServiceNames(manifests: readonly SubgraphManifest[]): string;
export declare function derivedFiles(manifests: readonly SubgraphManifest[], root: string): { path: string; content: string }[];
export declare function staleDerivedFiles(manifests: readonly SubgraphManifest[], root: string): { path: string; content: string }[];
