import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { composeServices } from "@apollo/composition";
import { compositionSubgraphs, discoverSubgraphs } from "@floorgraph/manifests";
import { parse } from "graphql";

export const CONFIG_PATH = fileURLToPath(new URL("../supergraph.config.json", import.meta.url));
export const SUPERGRAPH_PATH = fileURLToPath(new URL("../supergraph.graphql", import.meta.url));

interface SubgraphEntry {
  schema: string;
  routingUrl: string;
}
interface AcceptedHint {
  code: string;
  message: string;
}
export interface SupergraphConfig {
  subgraphs: Record<string, SubgraphEntry>;
  acceptedHints: AcceptedHint[];
}

/**
 * What to compose: every subgraph the manifests declare (its SDL, its development port as routing
 * URL), and the hints accepted in supergraph.config.json. `root`: another repository (tests).
 */
export function readConfig(path = CONFIG_PATH, root?: string): SupergraphConfig {
  const { acceptedHints = [] } = JSON.parse(readFileSync(path, "utf8")) as Partial<SupergraphConfig>;
  const subgraphs = Object.fromEntries(compositionSubgraphs(discoverSubgraphs(root)).map(({ name, schema, routingUrl }) => [name, { schema, routingUrl }]));
  return { subgraphs, acceptedHints };
}

export interface CompositionOutcome {
  supergraphSdl?: string;
  errors: string[];
  /** Hints not listed in acceptedHints: each must be fixed or accepted on purpose. */
  unacceptedHints: string[];
}

type CompositionHint = NonNullable<ReturnType<typeof composeServices>["hints"]>[number];

export const formatHint = (hint: CompositionHint) => `${hint.definition.code}: ${hint.message}`;

/** Composes every subgraph SDL named in the config with Apollo's composition (Federation 2). */
export function compose(config = readConfig(), configPath = CONFIG_PATH): CompositionOutcome {
  const base = dirname(configPath);
  const services = Object.entries(config.subgraphs).map(([name, entry]) => ({
    name,
    url: entry.routingUrl,
    typeDefs: parse(readFileSync(resolve(base, entry.schema), "utf8")),
  }));
  const result = composeServices(services);
  const unacceptedHints = (result.hints ?? [])
    .filter((hint) => !config.acceptedHints.some((a) => a.code === hint.definition.code && hint.message.includes(a.message)))
    .map(formatHint);
  if (result.errors) return { errors: result.errors.map((e) => e.message), unacceptedHints };
  return { supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`, errors: [], unacceptedHints };
}

export function readCommittedSupergraph(path = SUPERGRAPH_PATH): string {
  return readFileSync(path, "utf8");
}
