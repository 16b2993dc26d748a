import { Kind, parse, print, type ConstDirectiveNode, type ConstValueNode, type DefinitionNode, type DocumentNode } from "graphql";

/**
 * What one type or field demands of a caller, from the supergraph's authorization directives
 * (Apollo's authenticated/v0.1, requiresScopes/v0.1, policy/v0.1). `scopes` and `policies` hold one
 * entry per directive application, each a list of alternatives (OR) of sets (AND): every entry must
 * be met.
 */
export interface Requirement {
  authenticated: boolean;
  scopes: string[][][];
  policies: string[][][];
}

export interface AuthorizationRequirements {
  /** By type name (objects, interfaces, scalars, enums). */
  types: ReadonlyMap<string, Requirement>;
  /** By "Type.field". */
  fields: ReadonlyMap<string, Requirement>;
}

export interface ExtractedAuthorization {
  /** The supergraph without the security features: what @apollo/gateway (and our planner) can load. */
  strippedSdl: string;
  requirements: AuthorizationRequirements;
}

const SPECS = { authenticated: "https://specs.apollo.dev/authenticated/", requiresScopes: "https://specs.apollo.dev/requiresScopes/", policy: "https://specs.apollo.dev/policy/" } as const;
type Spec = keyof typeof SPECS;
const SUPPORTED = new Set(["v0.1"]);

const stringArg = (directive: ConstDirectiveNode, name: string) => {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : arg?.value.kind === Kind.ENUM ? arg.value.value : undefined;
};

const listOfLists = (value: ConstValueNode | undefined): string[][] => {
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values : [inner]).flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])));
};

/**
 * Reads the authorization requirements of a supergraph and returns it without them. The
 * directives are found by their @link (honouring `as:` renames), so a supergraph that links none
 * passes through unchanged. An unknown version of one of these specs is refused: enforcing a
 * newer spec by the old rules could open what it means to close.
 */
export function extractAuthorization(sdl: string): ExtractedAuthorization {
  const document = parse(sdl);
  const names = new Map<string, Spec>();
  for (const def of document.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of def.directives ?? []) {
      if (directive.name.value !== "link") continue;
      const url = stringArg(directive, "url") ?? "";
      const spec = (Object.keys(SPECS) as Spec[]).find((s) => url.startsWith(SPECS[s]));
      if (!spec) continue;
      const version = url.slice(SPECS[spec].length);
      if (!SUPPORTED.has(version)) throw new Error(`Unsupported authorization feature ${url}; this gateway enforces ${spec}/v0.1`);
      names.set(stringArg(directive, "as") ?? spec, spec);
    }
  }
  const types = new Map<string, Requirement>();
  const fields = new Map<string, Requirement>();
  if (!names.size) return { strippedSdl: sdl, requirements: { types, fields } };

  /** Folds a node's authorization directives into a requirement; returns the other directives. */
  const collect = (directives: readonly ConstDirectiveNode[] | undefined, into: Map<string, Requirement>, key: string) => {
    const kept: ConstDirectiveNode[] = [];
    for (const directive of directives ?? []) {
      const spec = names.get(directive.name.value);
      if (!spec) {
        kept.push(directive);
        continue;
      }
      let requirement = into.get(key);
      if (!requirement) into.set(key, (requirement = { authenticated: false, scopes: [], policies: [] }));
      if (spec === "authenticated") requirement.authenticated = true;
      else if (spec === "requiresScopes") requirement.scopes.push(listOfLists(directive.arguments?.find((a) => a.name.value === "scopes")?.value));
      else requirement.policies.push(listOfLists(directive.arguments?.find((a) => a.name.value === "policies")?.value));
    }
    return kept;
  };
  // The features' own definitions: the directives and their argument scalars (requiresScopes__Scope, …).
  const ownScalar = (name: string) => [...names.keys()].some((n) => name.startsWith(`${n}__`));

  const definitions: DefinitionNode[] = [];
  for (const def of document.definitions) {
    switch (def.kind) {
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION:
        definitions.push({
          ...def,
          directives: def.directives?.filter((d) => !(d.name.value === "link" && (Object.values(SPECS) as string[]).some((u) => (stringArg(d, "url") ?? "").startsWith(u)))),
        } as DefinitionNode);
        break;
      case Kind.DIRECTIVE_DEFINITION:
        if (!names.has(def.name.value)) definitions.push(def);
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
        if (ownScalar(def.name.value)) break;
        definitions.push({ ...def, directives: collect(def.directives, types, def.name.value) });
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        definitions.push({ ...def, directives: collect(def.directives, types, def.name.value) });
        break;
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
        definitions.push({
          ...def,
          directives: collect(def.directives, types, def.name.value),
          fields: def.fields?.map((field) => ({ ...field, directives: collect(field.directives, fields, `${def.name.value}.${field.name.value}`) })),
        });
        break;
      default:
        definitions.push(def);
    }
  }
  const stripped: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  return { strippedSdl: `${print(stripped)}\n`, requirements: { types, fields } };
}
