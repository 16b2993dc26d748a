import { Supergraph } from "@apollo/federation-internals";
import { Readiness } from "@floorgraph/metrics";

/** Probes of an open endpoint share one round of subgraph checks per second. */
const CACHE_MS = 1_000;

/**
 * The gateway's /health/ready: a supergraph is loaded, and every subgraph it routes to is ready
 * itself (its /health/ready: database, bus, PLC session; a subgraph without that probe, answering
 * a 4xx, counts as answering). The body has one check per subgraph
 * (`subgraph:<name>`), kept in step with the supergraph as it is reloaded.
 */
export function gatewayReadiness(overrides: Record<string, string>) {
  const readiness = new Readiness("gateway", { cacheMs: CACHE_MS });
  let loaded = false;
  readiness.add("supergraph", () => {
    if (!loaded) throw new Error("no supergraph loaded yet");
  });
  return {
    readiness,
    /** Called with each supergraph the gateway loads. */
    load(coreSupergraphSdl: string) {
      const subgraphs = Supergraph.build(coreSupergraphSdl).subgraphs().values();
      const names = new Set<string>();
      for (const subgraph of subgraphs) {
        const name = `subgraph:${subgraph.name}`;
        names.add(name);
        const url = overrides[subgraph.name.toLowerCase()] ?? subgraph.url;
        readiness.add(name, () => subgraphReady(url));
      }
      for (const name of readiness.names()) if (name.startsWith("subgraph:") && !names.has(name)) readiness.remove(name);
      loaded = true;
    },
  };
}

async function subgraphReady(graphqlUrl: string) {
  const url = new URL("/health/ready", graphqlUrl);
  const response = await fetch(url, { signal: AbortSignal.timeout(1_500) });
  await response.body?.cancel();
  // Not ready (503) or failing (5xx): down. A subgraph that is not Floorgraph's (a foreign supergraph)
  // may have no such path and answer 404, 400, 405: it answers, which is all it can say.
  if (response.status >= 500) throw new Error(`${url.origin} answered ${response.status}`);
  if (!response.ok) return { url: url.origin, probe: `none (answered ${response.status})` };
  return { url: url.origin };
}
