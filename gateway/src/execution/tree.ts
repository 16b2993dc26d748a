import type { FetchDataRewrite, QueryPlanSelectionNode } from "@apollo/query-planner";
import type { GraphQLSchema } from "graphql";
import { graphqlCjs } from "./graphql-cjs.ts";

// Operations on the response tree the plan's fetches build: merging answers in, selecting
// representations out, and the planner's rewrites.
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Merges `source` into `target` in place; objects are merged field by field, lists item by item. */
export function deepMerge(target: Obj, source: Obj): void {
  for (const key in source) {
    const value = source[key];
    // "__proto__" from a subgraph's JSON would replace the target's prototype.
    if (value === undefined || key === "__proto__") continue;
    const existing = target[key];
    if (isObj(existing) && isObj(value)) deepMerge(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value) && existing.length === value.length) mergeLists(existing, value);
    else target[key] = value;
  }
}

function mergeLists(target: unknown[], source: unknown[]): void {
  for (let i = 0; i < source.length; i++) {
    const t = target[i];
    const s = source[i];
    if (isObj(t) && isObj(s)) deepMerge(t, s);
    else if (Array.isArray(t) && Array.isArray(s) && t.length === s.length) mergeLists(t, s);
    else if (s !== undefined) target[i] = s;
  }
}

/** The representation `requires` selects from an entity, or null when a field it needs is missing. */
export function select(schema: GraphQLSchema, source: Obj, selections: readonly QueryPlanSelectionNode[]): Obj | null {
  const result: Obj = {};
  for (const selection of selections) {
    if (selection.kind === "Field") {
      const key = selection.alias ?? selection.name;
      const value = source[key];
      if (value === undefined) return null;
      if (!selection.selections || value === null) result[key] = value;
      else if (Array.isArray(value)) result[key] = selectList(schema, value, selection.selections);
      else if (isObj(value)) result[key] = select(schema, value, selection.selections);
      else result[key] = value;
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      const part = select(schema, source, selection.selections);
      if (!part) return null;
      deepMerge(result, part);
    }
  }
  return result;
}

function selectList(schema: GraphQLSchema, list: unknown[], selections: readonly QueryPlanSelectionNode[]): unknown[] {
  return list.map((item) => (Array.isArray(item) ? selectList(schema, item, selections) : isObj(item) ? select(schema, item, selections) : item));
}

export function isObjectOfType(schema: GraphQLSchema, obj: Obj, condition: string, unknownMatches = false): boolean {
  const typename = obj.__typename;
  if (typeof typename !== "string") return unknownMatches;
  if (typename === condition) return true;
  const type = schema.getType(typename);
  const conditional = schema.getType(condition);
  if (!type || !conditional || !graphqlCjs.isAbstractType(conditional)) return false;
  return (graphqlCjs.isObjectType(type) || graphqlCjs.isInterfaceType(type)) && schema.isSubType(conditional, type);
}

/** The planner's value setters (e.g. `__typename` of an @interfaceObject) and key renamers (aliases it added). */
export function applyRewrites(schema: GraphQLSchema, rewrites: readonly FetchDataRewrite[] | undefined, value: unknown): void {
  for (const rewrite of rewrites ?? []) {
    const parent = rewrite.path.slice(0, -1);
    const field = rewrite.path[rewrite.path.length - 1];
    if (field === undefined) continue;
    applyAt(schema, parent, value, (obj) => {
      if (rewrite.kind === "ValueSetter") obj[field] = rewrite.setValueTo;
      else if (obj[field] !== undefined) {
        obj[rewrite.renameKeyTo] = obj[field];
        delete obj[field];
      }
    });
  }
}

function applyAt(schema: GraphQLSchema, path: readonly string[], value: unknown, apply: (obj: Obj) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAt(schema, path, item, apply);
    return;
  }
  if (!isObj(value)) return;
  if (!path.length) return apply(value);
  const [first, ...rest] = path as [string, ...string[]];
  if (first.startsWith("... on ")) {
    if (isObjectOfType(schema, value, first.slice(7), true)) applyAt(schema, rest, value, apply);
  } else applyAt(schema, rest, value[first], apply);
}
