import { resolve } from "node:path";
import { eventsContracts, renderEventDocs, type EventContract, type ProducerContracts } from "@floorgraph/events";
import { discoverSubgraphs, type SubgraphManifest } from "@floorgraph/manifests";

/** The topics every service writes to through the shared contracts of @floorgraph/events (audit). */
const SHARED_TOPICS = new Set(eventsContracts.map((c) => c.type.split(".")[0] + ".events"));

/** The topics a manifest says its subgraph produces events of its own on. */
export const ownTopics = (manifest: SubgraphManifest) => manifest.events.produces.filter((topic) => !SHARED_TOPICS.has(topic));

/**
 * Every producer's contracts, found from the manifests: a subgraph that produces events of its own
 * exports them as `<package>/events`, in an array named `<something>Contracts`.
 */
export async function producers(manifests: readonly SubgraphManifest[] = discoverSubgraphs()): Promise<ProducerContracts[]> {
  const found: ProducerContracts[] = [];
  for (const manifest of manifests.filter((m) => ownTopics(m).length)) {
    const module = `${manifest.package}/events`;
    const exports = (await import(module)) as Record<string, unknown>;
    const lists = Object.entries(exports).filter(([name, value]) => name.endsWith("Contracts") && Array.isArray(value));
    if (lists.length !== 1) throw new Error(`${module} must export one array of event contracts named …Contracts (found ${lists.length})`);
    found.push({ module, contracts: lists[0]?.[1] as readonly EventContract[] });
  }
  return [...found, { module: "@floorgraph/events", contracts: eventsContracts }];
}


export const EVENT_DOCS_PATH = resolve(import.meta.dirname, "../../../../docs/events.md");
export const renderedEventDocs = async () => renderEventDocs(await producers());
