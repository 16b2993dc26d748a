import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, visit, type DocumentNode, type ValueNode } from "graphql";
import { badInput } from "@floorgraph/errors";

/**
 * NUL (U+0000) cannot be stored in PostgreSQL text at all, and a lone UTF-16 surrogate has no
 * UTF-8 form (the driver would silently store U+FFFD instead): no field of ours can hold either.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnstorableString {
  /** Path of the value: `input.lines[2].skuCode` (a variable's name, or an inline argument's). */
  field: string;
  nul: boolean;
}

const at = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function inValue(value: unknown, path: string): UnstorableString | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? { field: path, nul: value.includes("\u0000") } : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = inValue(value[i], at(path, i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      // An object key is a field name; one that is not storable is refused like a value.
      if (UNSTORABLE.test(key)) return { field: path, nul: key.includes("\u0000") };
      const found = inValue(item, at(path, key));
      if (found) return found;
    }
  }
  return null;
}

function inLiteral(node: ValueNode, path: string): UnstorableString | null {
  switch (node.kind) {
    case Kind.STRING:
      return inValue(node.value, path);
    case Kind.LIST:
      for (let i = 0; i < node.values.length; i++) {
        const found = inLiteral(node.values[i] as ValueNode, at(path, i));
        if (found) return found;
      }
      return null;
    case Kind.OBJECT:
      for (const field of node.fields) {
        const found = inLiteral(field.value, at(path, field.name.value));
        if (found) return found;
      }
      return null;
    default:
      return null;
  }
}

/**
 * The first string in a request's arguments (inline literals and variables) that no database
 * column could hold, or null. Walks every argument in the document, so nothing reaches a resolver
 * (and so no write or peer call happens) with such a value.
 */
export function findUnstorableString(document: DocumentNode, variables: Record<string, unknown> | undefined): UnstorableString | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const found = inValue(value, name);
    if (found) return found;
  }
  let found: UnstorableString | null = null;
  visit(document, {
    Argument(node) {
      found ??= inLiteral(node.value, node.name.value);
      return false;
    },
  });
  return found;
}

export function unstorableInput(found: UnstorableString, extra: Record<string, unknown> = {}) {
  const what = found.nul ? "a NUL (U+0000) character" : "an unpaired UTF-16 surrogate";
  return badInput(`${found.field} must not contain ${what}`, { field: found.field, ...extra });
}

/**
 * Refuses, before any resolver runs, a request carrying a string no column can store, as
 * BAD_USER_INPUT naming its path (HTTP 400: the request, not the server, is at fault).
 */
export function inputGuard<Ctx extends object>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const found = findUnstorableString(document, request.variables);
          if (found) throw unstorableInput(found, { http: { status: 400 } });
        },
      };
    },
  };
}
