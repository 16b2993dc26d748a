// The lists the rest of the system used to spell out by hand, derived from the manifests.

/** name → development port. */
export const defaultPorts = (manifests) => Object.fromEntries(manifests.map((m) => [m.name, m.port]));

/** name → the sibling subgraphs it calls. */
export const peersOf = (manifests) => Object.fromEntries(manifests.map((m) => [m.name, [...m.peers]]));

/** The environment variable that overrides a subgraph's URL (gateway routing, peers). */
export const urlEnvVar = (name) => `SUBGRAPH_${name.toUpperCase()}_URL`;

/** Every topic some subgraph produces, sorted, then the dead-letter topic. */
export const topicsOf = (manifests) => [...new Set(manifests.flatMap((m) => m.events.produces))].sort().concat("dlq");

/** The subgraphs that consume events (each is one consumer group, named after it). */
export const consumersOf = (manifests) => manifests.filter((m) => m.events.consumes.length > 0).map((m) => m.name);

/** The subgraphs to compose, by port (the order of the supergraph's join__Graph). */
export const compositionSubgraphs = (manifests) =>
  [...manifests]
    .sort((a, b) => a.port - b.port)
    .map((m) => ({ name: m.name, schema: m.paths.sdl, routingUrl: `http://localhost:${m.port}/graphql` }));
