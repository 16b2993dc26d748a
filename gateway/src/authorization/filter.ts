import { createRequire } from "node:module";
import {
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import type { AuthorizationRequirements, Requirement } from "./requirements.ts";

// The gateway's schemas are built by the federation packages with graphql's CommonJS build, whose
// type predicates refuse the other build's types: use that build here too.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");
const { getNamedType, isAbstractType, isInterfaceType, isObjectType } = graphql;

/** The response key a typename is asked under where a removal inside a type condition needs it. */
export const TYPENAME_KEY = "__authz_typename";

/** Who is asking, as authorization sees it. */
export interface Grants {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
  policy(name: string): boolean;
}

/** One step of a response path: the field's response key and type, and the type condition it sat under. */
export interface Segment {
  key: string;
  type: GraphQLOutputType;
  /** Set when the field was selected inside a fragment narrowing an abstract type: it applies to objects of this type only. */
  onType: string | null;
}

/** A field removed from the operation: it answers null with an error at its path. */
export interface Removal {
  segments: Segment[];
  /** "Type.field" (or the type) whose requirement the caller does not meet. */
  coordinate: string;
  requirement: Requirement;
}

export interface FilterResult {
  /** The operation to plan; null when nothing the caller may read is left. Same object when nothing was removed. */
  document: DocumentNode | null;
  removals: Removal[];
  /** Whether TYPENAME_KEY was added somewhere (the result must then be cleaned). */
  typenameAdded: boolean;
}

const met = (requirement: Requirement | undefined, grants: Grants) =>
  !requirement ||
  ((!requirement.authenticated || grants.authenticated) &&
    requirement.scopes.every((alternatives) => alternatives.some((set) => set.every((s) => grants.scopes.has(s)))) &&
    requirement.policies.every((alternatives) => alternatives.some((set) => set.every((p) => grants.policy(p)))));

const typenameField: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPENAME_KEY }, name: { kind: Kind.NAME, value: "__typename" } };

interface Walked {
  selections: SelectionNode[];
  removals: Removal[];
  /** A removal at this level sits under a type condition: the level's selection set needs the typename. */
  needsTypename: boolean;
}

/**
 * Removes from an operation every field the caller may not read, following Apollo Router's rules:
 * a field is unauthorised when it or the type it returns has a requirement the caller does not
 * meet; a field selected on an interface or union must be allowed on every type that may answer it
 * (select through fragments on concrete types to read the allowed ones); a fragment on an
 * unauthorised type takes its fields with it. A field left with no selection is removed as well.
 * Named fragments stay named: their filtering depends only on their type condition.
 */
export function filterOperation(
  schema: GraphQLSchema,
  requirements: AuthorizationRequirements,
  document: DocumentNode,
  operationName: string | null | undefined,
  grants: Grants,
): FilterResult {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const root = operation && schema.getRootType(operation.operation);
  const untouched: FilterResult = { document, removals: [], typenameAdded: false };
  if (!operation || !root || (!requirements.fields.size && !requirements.types.size)) return untouched;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const filteredFragments = new Map<string, SelectionSetNode | null>();
  let changed = false;
  let typenameAdded = false;

  const typeMet = (type: GraphQLNamedType) => met(requirements.types.get(type.name), grants);
  /** The coordinate of the first requirement a field selection fails, or null when it may be read. */
  const refusal = (parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): string | null => {
    const own = `${parent.name}.${field.name}`;
    if (!met(requirements.fields.get(own), grants)) return own;
    const returned = getNamedType(field.type);
    if (!typeMet(returned)) return returned.name;
    if (isAbstractType(parent)) {
      for (const possible of schema.getPossibleTypes(parent)) {
        if (!typeMet(possible)) return possible.name;
        const coordinate = `${possible.name}.${field.name}`;
        if (!met(requirements.fields.get(coordinate), grants)) return coordinate;
      }
    }
    return null;
  };
  const requirementOf = (coordinate: string) =>
    requirements.fields.get(coordinate) ?? requirements.types.get(coordinate) ?? { authenticated: false, scopes: [], policies: [] };

  /** Every field a selection set would read, as removals (for fragments on types the caller may not read). */
  const removeAll = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, path: Segment[], onType: string | null, coordinate: string, seen: Set<string>): Removal[] =>
    selectionSet.selections.flatMap((selection): Removal[] => {
      if (selection.kind === Kind.FIELD) {
        const field = "getFields" in parent ? (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[selection.name.value] : undefined;
        if (!field || selection.name.value === "__typename") return [];
        const key = selection.alias?.value ?? selection.name.value;
        return [{ segments: [...path, { key, type: field.type, onType }], coordinate, requirement: requirementOf(coordinate) }];
      }
      const next = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!next || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) return [];
      return removeAll(next.selectionSet, parent, path, onType, coordinate, selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen);
    });

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, path: Segment[], onType: string | null, seen: Set<string>): Walked => {
    const out: Walked = { selections: [], removals: [], needsTypename: false };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const fields = "getFields" in parent ? (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>) : {};
        const field = fields[name];
        if (name.startsWith("__") || !field) {
          out.selections.push(selection);
          continue;
        }
        const segment: Segment = { key: selection.alias?.value ?? name, type: field.type, onType };
        const refused = refusal(parent, field);
        if (refused) {
          changed = true;
          out.removals.push({ segments: [...path, segment], coordinate: refused, requirement: requirementOf(refused) });
          if (onType) out.needsTypename = true;
          continue;
        }
        if (!selection.selectionSet) {
          out.selections.push(selection);
          continue;
        }
        const inner = walk(selection.selectionSet, getNamedType(field.type), [...path, segment], null, seen);
        if (!inner.selections.length) {
          // Nothing left to read below: the field goes too, answering null with the first refusal below it.
          changed = true;
          const first = inner.removals[0];
          out.removals.push({ segments: [...path, segment], coordinate: first?.coordinate ?? `${parent.name}.${name}`, requirement: first?.requirement ?? requirementOf(`${parent.name}.${name}`) });
          if (onType) out.needsTypename = true;
          continue;
        }
        out.removals.push(...inner.removals);
        const selections = inner.needsTypename ? [...inner.selections, typenameField] : inner.selections;
        if (inner.needsTypename) typenameAdded = true;
        out.selections.push(inner.removals.length || inner.needsTypename ? { ...selection, selectionSet: { ...selection.selectionSet, selections } } : selection);
        continue;
      }
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) {
        out.selections.push(selection);
        continue;
      }
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      if (!condition) {
        out.selections.push(selection);
        continue;
      }
      // A fragment narrowing an abstract type applies to objects of that type only.
      const narrowed = condition.name !== parent.name && isAbstractType(parent) ? condition.name : onType;
      const seenHere = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
      if (isObjectType(condition) || isInterfaceType(condition) ? !typeMet(condition) : false) {
        changed = true;
        const removed = removeAll(fragment.selectionSet, condition, path, narrowed, condition.name, seenHere);
        out.removals.push(...removed);
        if (narrowed && removed.length) out.needsTypename = true;
        continue;
      }
      const inner = walk(fragment.selectionSet, condition, path, narrowed, seenHere);
      out.removals.push(...inner.removals);
      out.needsTypename ||= inner.needsTypename;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (inner.selections.length) out.selections.push(inner.removals.length ? { ...selection, selectionSet: { ...selection.selectionSet, selections: inner.selections } } : selection);
        continue;
      }
      // Named fragments are filtered the same wherever they are spread: keep the first filtering.
      const name = selection.name.value;
      if (!filteredFragments.has(name)) filteredFragments.set(name, inner.selections.length ? { ...fragment.selectionSet, selections: inner.selections } : null);
      if (filteredFragments.get(name)) out.selections.push(selection);
    }
    return out;
  };

  const top = walk(operation.selectionSet, root, [], null, new Set());
  if (!changed) return untouched;
  if (!top.selections.length) return { document: null, removals: top.removals, typenameAdded: false };
  const definitions = document.definitions.flatMap((def): DefinitionNode[] => {
    if (def === operation) return [{ ...operation, selectionSet: { ...operation.selectionSet, selections: top.selections } }];
    if (def.kind === Kind.OPERATION_DEFINITION) return []; // other operations in the document are not run
    if (def.kind !== Kind.FRAGMENT_DEFINITION) return [def];
    const filtered = filteredFragments.get(def.name.value);
    return filtered ? [{ ...def, selectionSet: filtered }] : [];
  });
  return { document: { ...document, definitions }, removals: top.removals, typenameAdded };
}
