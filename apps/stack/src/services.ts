import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { discoverSubgraphs, peersOf, type SubgraphManifest } from "@floorgraph/manifests";
import type { ServiceDefinition, ServiceName } from "@floorgraph/service";

export type AnyServiceDefinition = ServiceDefinition<{ $disconnect(): Promise<void> }>;

/** Every subgraph of the repository (its manifest), in boot order: each one's peers come before it. */
export const MANIFESTS = discoverSubgraphs();

/** Which sibling subgraphs each service calls directly. */
export const PEERS = peersOf(MANIFESTS) as Record<ServiceName, ServiceName[]>;

/** Ports relative to SUBGRAPH_BASE_PORT: each manifest's port less the lowest (users first). */
export function portOffsets(manifests: readonly SubgraphManifest[]): Record<ServiceName, number> {
  const lowest = Math.min(...manifests.map((m) => m.port));
  return Object.fromEntries(manifests.map((m) => [m.name, m.port - lowest])) as Record<ServiceName, number>;
}
export const PORT_OFFSET = portOffsets(MANIFESTS);

const isDefinition = (value: unknown, name: string): value is AnyServiceDefinition =>
  typeof value === "object" && value !== null && (value as { name?: unknown }).name === name && typeof (value as { createServer?: unknown }).createServer === "function";

/**
 * Imports each manifest's definition (definition.module, definition.export). An export that is a
 * function is a factory: it is called with the options the host has for that subgraph (`hostOptions[name]`:
 * the users service's settings, the WCS bridge's floor endpoint), or with none.
 */
export async function loadServiceDefinitions(
  manifests: readonly SubgraphManifest[],
  hostOptions: Partial<Record<string, unknown>> = {},
): Promise<AnyServiceDefinition[]> {
  const definitions: AnyServiceDefinition[] = [];
  for (const m of manifests) {
    // The real path: one module instance however the folder is reached (a linked folder, a copy of the repository).
    const module = (await import(pathToFileURL(realpathSync(m.paths.definition)).href)) as Record<string, unknown>;
    const exported = module[m.definition.export];
    const definition = typeof exported === "function" ? (exported as (options?: unknown) => unknown)(hostOptions[m.name]) : exported;
    if (!isDefinition(definition, m.name)) {
      throw new Error(`${m.folder}: ${m.definition.module} does not export ${m.definition.export} as a service definition named ${m.name}`);
    }
    definitions.push(definition);
  }
  return definitions;
}
