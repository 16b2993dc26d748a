import type { DocumentNode } from "graphql";
import { graphqlCjs } from "./graphql-cjs.ts";

const { Kind, parse, visit } = graphqlCjs;

/** The alias prefix of client fields moved out of the way of a @requires field with arguments. */
export const REQUIRES_ALIAS = "_fgreq_";

/**
 * The query planner merges a field a @requires needs (e.g. `price(currency: "USD")`) with a client
 * field of the same response name but other arguments (`price(currency: "EUR")`), and keeps only one:
 * the subgraph then computes from the client's value. Client fields whose response name is that of a
 * field some @requires selects with arguments are therefore planned under an alias, so the two never
 * share a response name; shaping and error paths drop the alias again.
 */
export function requiredFieldsWithArguments(supergraphSdl: string): Set<string> {
  const names = new Set<string>();
  const document = parse(supergraphSdl, { noLocation: true });
  for (const definition of document.definitions) {
    if (!("fields" in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      for (const directive of ("directives" in field ? field.directives : undefined) ?? []) {
        if (directive.name.value !== "join__field") continue;
        const requires = directive.arguments?.find((a) => a.name.value === "requires")?.value;
        if (requires?.kind !== Kind.STRING) continue;
        visit(parse(`{${requires.value}}`, { noLocation: true }), {
          Field: (node) => {
            if (node.arguments?.length) names.add(node.alias?.value ?? node.name.value);
          },
        });
      }
    }
  }
  return names;
}

/** The document with conflicting client fields aliased, or the same document when none conflicts. */
export function aliasRequiredConflicts(document: DocumentNode, names: ReadonlySet<string>): DocumentNode {
  if (!names.size) return document;
  let changed = false;
  const rewritten = visit(document, {
    Field: (node) => {
      const key = node.alias?.value ?? node.name.value;
      if (!names.has(key)) return undefined;
      changed = true;
      return { ...node, alias: { kind: Kind.NAME, value: REQUIRES_ALIAS + key } };
    },
  });
  return changed ? rewritten : document;
}

export const clientKey = (key: string) => (key.startsWith(REQUIRES_ALIAS) ? key.slice(REQUIRES_ALIAS.length) : key);
