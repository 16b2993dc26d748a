import type { DocumentNode } from "graphql";
import { graphqlCjs } from "./graphql-cjs.ts";

const { Kind, parse, visit } = graphqlCjs;

/** The alias prefix of client fields moved out of the way of fields the planner adds. */
export const PLANNER_ALIAS = "_fgreq_";

/** Response names the query planner adds to subgraph fetches for its own needs. */
export interface PlannerFields {
  /** Fields of any @key or @requires selection (and __typename). */
  names: ReadonlySet<string>;
  /** Fields some @requires selects with arguments. */
  withArguments: ReadonlySet<string>;
}

/**
 * The planner adds the fields keys and @requires need to the fetches before them, under their own
 * names, and merges them with client fields of the same response name even when they differ: a
 * client's `price(currency: "EUR")` swallows a required `price(currency: "USD")`, a client's
 * `variants(first: 1)` a required `variants { code }`, a client's `upc: name` the key `upc` — and
 * the subgraph then computes from, or is keyed by, the wrong value. Such client fields are planned
 * under an alias; shaping and error paths drop it again.
 */
export function plannerFields(supergraphSdl: string): PlannerFields {
  const names = new Set<string>(["__typename"]);
  const withArguments = new Set<string>();
  const collect = (selection: string, requires: boolean) =>
    visit(parse(`{${selection}}`, { noLocation: true }), {
      Field: (node) => {
        const key = node.alias?.value ?? node.name.value;
        names.add(key);
        if (requires && node.arguments?.length) withArguments.add(key);
      },
    });
  const document = parse(supergraphSdl, { noLocation: true });
  for (const definition of document.definitions) {
    for (const directive of ("directives" in definition ? definition.directives : undefined) ?? []) {
      const key = directive.name.value === "join__type" ? directive.arguments?.find((a) => a.name.value === "key")?.value : undefined;
      if (key?.kind === Kind.STRING) collect(key.value, false);
    }
    if (!("fields" in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      for (const directive of ("directives" in field ? field.directives : undefined) ?? []) {
        const requires = directive.name.value === "join__field" ? directive.arguments?.find((a) => a.name.value === "requires")?.value : undefined;
        if (requires?.kind === Kind.STRING) collect(requires.value, true);
      }
    }
  }
  return { names, withArguments };
}

/**
 * The document with every client field that could clash with a planner-added field aliased: its
 * response name is one the planner uses, and it is another field (an alias), or has arguments, or
 * the planner's field has arguments. The same document when none could.
 */
export function aliasPlannerConflicts(document: DocumentNode, fields: PlannerFields): DocumentNode {
  let changed = false;
  const rewritten = visit(document, {
    Field: (node) => {
      const key = node.alias?.value ?? node.name.value;
      if (!fields.names.has(key)) return undefined;
      if (key === node.name.value && !node.arguments?.length && !fields.withArguments.has(key)) return undefined;
      changed = true;
      return { ...node, alias: { kind: Kind.NAME, value: PLANNER_ALIAS + key } };
    },
  });
  return changed ? rewritten : document;
}

export const clientKey = (key: string) => (key.startsWith(PLANNER_ALIAS) ? key.slice(PLANNER_ALIAS.length) : key);
