import { createRequire } from "node:module";
import type { GraphQLOutputType } from "graphql";
import { TYPENAME_KEY, type Removal } from "./filter.ts";

// The build Apollo Server and the federation packages use (see filter.ts): Apollo Server passes on
// only errors that are instances of its GraphQLError, with their codes.
const { GraphQLError, isListType, isNonNullType } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export type RefusalError = InstanceType<typeof GraphQLError> & {
  path: (string | number)[];
  extensions: { code: "FORBIDDEN" | "UNAUTHENTICATED" };
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Describes a refusal to the caller: which type or field, and what it needs. */
export function refusalError(removal: Removal, path: (string | number)[], anonymous: boolean): RefusalError {
  const needs: string[] = [];
  const { requirement } = removal;
  if (requirement.authenticated) needs.push("an authenticated caller");
  for (const alternatives of requirement.scopes) needs.push(`scopes ${alternatives.map((set) => set.join(" + ")).join(" or ")}`);
  for (const alternatives of requirement.policies) needs.push(`policy ${alternatives.map((set) => set.join(" + ")).join(" or ")}`);
  return new GraphQLError(`Not authorized for ${removal.coordinate}${needs.length ? `: it requires ${needs.join(", and ")}` : ""}`, {
    path,
    // An anonymous caller may simply log in; a caller who is known lacks the grant.
    extensions: { code: anonymous ? "UNAUTHENTICATED" : "FORBIDDEN" },
  }) as RefusalError;
}

/**
 * Puts the removed fields back into a result as nulls, each with its error at every path it would
 * have had, and lets a null in a non-null position reach the nearest nullable parent, as GraphQL
 * execution does. Works on a copy: results of shared subscription streams are shared objects.
 */
export function applyRemovals<T extends { data?: unknown; errors?: readonly unknown[] }>(
  result: T,
  removals: readonly Removal[],
  anonymous: boolean,
  typenameAdded: boolean,
): T & { errors?: readonly unknown[] } {
  if (!removals.length && !typenameAdded) return result;
  const errors: RefusalError[] = [];
  const reported = new Set<string>();
  let data = result.data === undefined || result.data === null ? result.data : (structuredClone(result.data) as Json);

  /** Returns true when `value` (of `type`) must become null. */
  const intoValue = (value: unknown, type: GraphQLOutputType, removal: Removal, depth: number, path: (string | number)[]): boolean => {
    if (value === null || value === undefined) return false;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (!Array.isArray(value)) return false;
      const item = inner.ofType as GraphQLOutputType;
      let nullList = false;
      value.forEach((element, index) => {
        if (intoValue(element, item, removal, depth, [...path, index])) {
          value[index] = null;
          if (isNonNullType(item)) nullList = true;
        }
      });
      return nullList;
    }
    return isObject(value) ? intoObject(value, removal, depth, path) : false;
  };
  /** Returns true when `object` must become null. */
  const intoObject = (object: Json, removal: Removal, depth: number, path: (string | number)[]): boolean => {
    const segment = removal.segments[depth]!;
    if (segment.onType && object[TYPENAME_KEY] !== segment.onType && object.__typename !== segment.onType) return false;
    const at = [...path, segment.key];
    if (depth === removal.segments.length - 1) {
      const key = JSON.stringify(at);
      if (!reported.has(key)) {
        reported.add(key);
        errors.push(refusalError(removal, at, anonymous));
      }
      object[segment.key] = null;
      return isNonNullType(segment.type);
    }
    if (!intoValue(object[segment.key], segment.type, removal, depth + 1, at)) return false;
    object[segment.key] = null;
    return isNonNullType(segment.type);
  };

  for (const removal of removals) {
    if (isObject(data)) {
      if (intoObject(data, removal, 0, [])) data = null;
    } else if (data === undefined && !result.errors?.length) {
      // Nothing was run (nothing the caller may read was left): the error at the top-level path.
      errors.push(refusalError(removal, removal.segments.slice(0, 1).map((s) => s.key), anonymous));
    }
  }
  if (typenameAdded && isObject(data)) dropKey(data);
  return { ...result, ...(data === undefined ? {} : { data }), errors: [...(result.errors ?? []), ...errors] } as T;
}

function dropKey(value: unknown): void {
  if (Array.isArray(value)) value.forEach(dropKey);
  else if (isObject(value)) {
    delete value[TYPENAME_KEY];
    Object.values(value).forEach(dropKey);
  }
}
