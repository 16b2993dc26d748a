import type { FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLObjectType, GraphQLOutputType, GraphQLSchema, SelectionSetNode } from "graphql";
import type { ErrorSink, ResponsePath } from "./errors.ts";
import { graphqlCjs } from "./graphql-cjs.ts";
import { clientKey } from "./planner-aliases.ts";

const { Kind, isNonNullType, isListType, isLeafType, isAbstractType, isObjectType, isEnumType } = graphqlCjs;

type Obj = Record<string, unknown>;
/** A null in a non-null position: the parent must become null too. */
const BUBBLE = Symbol("bubble");

interface Collected {
  /** The key in the client's response. */
  responseKey: string;
  /** The key in the merged subgraph data (differs for fields planned under an alias). */
  sourceKey: string;
  fieldName: string;
  parent: string;
  nodes: FieldNode[];
  definition: GraphQLField<unknown, unknown> | undefined;
}

/** Field collection per selection set (or group of field nodes) and runtime type. */
export type ShapeCache = WeakMap<object, Map<string, Collected[]>>;

/** What shaping one operation needs; `collected` caches field collection when no @skip/@include varies it. */
export interface ShapeInput {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: ErrorSink;
  cache: ShapeCache | null;
}

/**
 * Builds the client's response from the merged subgraph data in one pass over the operation's
 * selections: aliases, __typename, fragments on abstract types, @skip/@include, and the spec's null
 * propagation (a null in a non-null position makes the nearest nullable parent null, with one error
 * at the field unless a subgraph's error already explains it).
 */
export function shapeResponse(input: ShapeInput, rootType: GraphQLObjectType, selectionSet: SelectionSetNode, tree: Obj): Obj | null {
  const path: ResponsePath = [];
  const result = shapeObject(input, rootType, [selectionSet], selectionSet, tree, path);
  return result === BUBBLE ? null : result;
}

function shapeObject(input: ShapeInput, type: GraphQLObjectType, sets: readonly SelectionSetNode[], cacheKey: object, source: Obj, path: ResponsePath): Obj | typeof BUBBLE {
  const out: Obj = {};
  for (const field of collect(input, type, sets, cacheKey)) {
    path.push(field.responseKey);
    let value: unknown;
    if (field.fieldName === "__typename") value = type.name;
    // Introspection at the root was answered by graphql-js on the API schema, already shaped.
    else if (field.fieldName === "__schema" || field.fieldName === "__type") value = source[field.sourceKey] ?? null;
    else if (!field.definition) value = null;
    else value = complete(input, field.definition.type, field, source[field.sourceKey], path);
    path.pop();
    if (value === BUBBLE) return BUBBLE;
    out[field.responseKey] = value;
  }
  return out;
}

function complete(input: ShapeInput, type: GraphQLOutputType, field: Collected, raw: unknown, path: ResponsePath): unknown {
  if (isNonNullType(type)) {
    const value = complete(input, type.ofType, field, raw, path);
    if (value === null) {
      if (!input.errors.explains(path)) {
        input.errors.add({ message: `Cannot return null for non-nullable field ${parentName(field)}.`, path: [...path], extensions: { code: "INTERNAL_SERVER_ERROR" } });
      }
      return BUBBLE;
    }
    return value;
  }
  if (raw === null || raw === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(raw)) return invalid(input, path, "a list");
    const list: unknown[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      path.push(i);
      const item = complete(input, type.ofType, field, raw[i], path);
      path.pop();
      if (item === BUBBLE) return null;
      list[i] = item;
    }
    return list;
  }
  if (isLeafType(type)) {
    // A subgraph may know enum values the API schema hides (@inaccessible): those must not leak.
    if (isEnumType(type) && (typeof raw !== "string" || !type.getValue(raw))) return invalid(input, path, `a value of ${type.name}`);
    return raw;
  }
  if (typeof raw !== "object" || Array.isArray(raw)) return invalid(input, path, "an object");
  const obj = raw as Obj;
  let runtime: GraphQLObjectType;
  if (isAbstractType(type)) {
    const typename = obj.__typename;
    const resolved = typeof typename === "string" ? input.schema.getType(typename) : undefined;
    if (!resolved || !isObjectType(resolved) || !input.schema.isSubType(type, resolved)) {
      input.errors.add({
        message: `No subgraph could resolve the concrete type of ${type.name} at this path${typeof typename === "string" ? ` (got ${typename})` : ""}.`,
        path: [...path],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      return null;
    }
    runtime = resolved;
  } else runtime = type as GraphQLObjectType;
  const sets = field.nodes.length === 1 ? [field.nodes[0]!.selectionSet!] : field.nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const shaped = shapeObject(input, runtime, sets, field.nodes.length === 1 ? field.nodes[0]!.selectionSet! : field.nodes, obj, path);
  return shaped === BUBBLE ? null : shaped;
}

const parentName = (field: Collected) => `${field.parent}.${field.fieldName}`;

function invalid(input: ShapeInput, path: ResponsePath, expected: string): null {
  input.errors.add({ message: `A subgraph returned a value that is not ${expected}.`, path: [...path], extensions: { code: "INTERNAL_SERVER_ERROR" } });
  return null;
}

/** The fields a selection set selects on an object type, grouped by response key (the spec's CollectFields). */
function collect(input: ShapeInput, type: GraphQLObjectType, sets: readonly SelectionSetNode[], cacheKey: object): Collected[] {
  let byType = input.cache?.get(cacheKey);
  const cached = byType?.get(type.name);
  if (cached) return cached;
  const fields = type.getFields();
  const groups = new Map<string, Collected>();
  const visited = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (!included(input, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const sourceKey = selection.alias?.value ?? selection.name.value;
        const responseKey = clientKey(sourceKey);
        const group = groups.get(responseKey);
        if (group) group.nodes.push(selection);
        else {
          const definition = fields[selection.name.value];
          groups.set(responseKey, { responseKey, sourceKey, fieldName: selection.name.value, parent: type.name, nodes: [selection], definition });
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(input, type, selection.typeCondition?.name.value)) visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = input.fragments[name];
        if (fragment && applies(input, type, fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  const result = [...groups.values()];
  if (input.cache) {
    if (!byType) input.cache.set(cacheKey, (byType = new Map()));
    byType.set(type.name, result);
  }
  return result;
}

function applies(input: ShapeInput, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const conditional = input.schema.getType(condition);
  return !!conditional && isAbstractType(conditional) && input.schema.isSubType(conditional, type);
}

function included(input: ShapeInput, selection: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: unknown }[] }[] }): boolean {
  for (const directive of selection.directives ?? []) {
    const name = directive.name.value;
    if (name !== "skip" && name !== "include") continue;
    const arg = directive.arguments?.find((a) => a.name.value === "if")?.value as { kind: string; value?: boolean; name?: { value: string } } | undefined;
    const value = arg?.kind === Kind.VARIABLE ? input.variables[arg.name!.value] === true : arg?.value === true;
    if (name === "skip" ? value : !value) return false;
  }
  return true;
}
