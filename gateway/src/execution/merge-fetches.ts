import { Kind, parse, print, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";

/**
 * Several query fetches to one subgraph become one request: every fetch's root fields get an alias
 * prefixed with `_<i>_`, its variables and fragments the same prefix. The answer is split back by
 * prefix. Merged documents are cached by the operations they were made of.
 */
export interface MergedOperation {
  query: string;
  prefixes: string[];
}

const parsedOps = new LRUCache<string, DocumentNode>({ max: 2000 });
const mergedOps = new LRUCache<string, MergedOperation | false>({ max: 2000 });

export const prefixOf = (i: number) => `_${i}_`;

function parsed(operation: string): DocumentNode {
  let doc = parsedOps.get(operation);
  if (!doc) parsedOps.set(operation, (doc = parse(operation, { noLocation: true })));
  return doc;
}

/** The merged operation, or null when an operation cannot be merged (a root selection that is not a field). */
export function mergeOperations(operations: readonly string[]): MergedOperation | null {
  const key = operations.join("\u0000");
  const cached = mergedOps.get(key);
  if (cached !== undefined) return cached || null;
  const merged = build(operations);
  mergedOps.set(key, merged ?? false);
  return merged;
}

function build(operations: readonly string[]): MergedOperation | null {
  const variableDefinitions: OperationDefinitionNode["variableDefinitions"][] = [];
  const selections: FieldNode[] = [];
  const fragments: DocumentNode["definitions"][number][] = [];
  const prefixes: string[] = [];
  for (const [i, operation] of operations.entries()) {
    const p = prefixOf(i);
    prefixes.push(p);
    const renamed = visit(parsed(operation), {
      Variable: (node) => ({ ...node, name: { ...node.name, value: p + node.name.value } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: p + node.name.value } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: p + node.name.value } }),
    });
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.push(definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) {
        if (definition.operation !== "query") return null;
        variableDefinitions.push(definition.variableDefinitions);
        for (const selection of definition.selectionSet.selections) {
          if (selection.kind !== Kind.FIELD) return null;
          const responseKey = selection.alias?.value ?? selection.name.value;
          selections.push({ ...selection, alias: { kind: Kind.NAME, value: p + responseKey } });
        }
      }
    }
  }
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: "query" as OperationDefinitionNode["operation"],
        variableDefinitions: variableDefinitions.flatMap((v) => v ?? []),
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...fragments,
    ],
  };
  return { query: print(document), prefixes };
}
