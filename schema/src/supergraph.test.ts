import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildASTSchema, Kind, parse, print, type ConstDirectiveNode, type DefinitionNode, type DocumentNode, type EnumValueDefinitionNode, type FieldDefinitionNode, type TypeNode } from "graphql";
import { compose, CONFIG_PATH, readCommittedSupergraph, readConfig } from "./index.ts";

type Fielded = Extract<DefinitionNode, { fields?: readonly unknown[] }> & { name: { value: string } };
const OBJECT_KINDS = new Set<string>([Kind.OBJECT_TYPE_DEFINITION, Kind.OBJECT_TYPE_EXTENSION, Kind.INTERFACE_TYPE_DEFINITION, Kind.INTERFACE_TYPE_EXTENSION]);
const ENUM_KINDS = new Set<string>([Kind.ENUM_TYPE_DEFINITION, Kind.ENUM_TYPE_EXTENSION]);
/** Demand control's directives, which the gateway reads from the supergraph (docs/demand-control.md). */
const COST_DIRECTIVES = new Set(["cost", "listSize"]);

/** The named type with its list/non-null wrapping, e.g. "[Order!]!". */
const typeString = (type: TypeNode): string => print(type);
/** The wrapping without non-null (composition may widen a shared field's nullability). */
const shape = (type: TypeNode): string => typeString(type).replace(/!/g, "");
const directiveText = (d: ConstDirectiveNode) => `@${d.name.value}(${[...(d.arguments ?? [])].map((a) => `${a.name.value}: ${print(a.value)}`).sort().join(", ")})`;
const costOf = (field: FieldDefinitionNode) => (field.directives ?? []).filter((d) => COST_DIRECTIVES.has(d.name.value)).map(directiveText).sort();
/** The join__Graph value composition gives a subgraph name. */
const graphOf = (name: string) => name.toUpperCase();
const valuesOf = (definition: unknown) => ((definition as { values?: readonly EnumValueDefinitionNode[] }).values ?? []).map((v) => v.name.value);

function definitionsByName(document: DocumentNode, kinds: Set<string>) {
  const found = new Map<string, Fielded[]>();
  for (const definition of document.definitions) {
    if (!kinds.has(definition.kind)) continue;
    const named = definition as Fielded;
    found.set(named.name.value, [...(found.get(named.name.value) ?? []), named]);
  }
  return found;
}

describe("supergraph composition", () => {
  const config = readConfig();
  const outcome = compose();
  const supergraph = parse(outcome.supergraphSdl ?? "type Query { composed: Boolean }");
  const superObjects = definitionsByName(supergraph, OBJECT_KINDS);
  const superEnums = definitionsByName(supergraph, ENUM_KINDS);
  const subgraphs = Object.entries(config.subgraphs).map(([name, entry]) => ({
    name,
    entry,
    sdl: parse(readFileSync(resolve(dirname(CONFIG_PATH), entry.schema), "utf8")),
  }));

  it("composes without errors", () => {
    expect(outcome.errors).toEqual([]);
    expect(outcome.supergraphSdl).toMatch(/^schema\b/m);
  });

  it("routes to every configured subgraph, and to no other", () => {
    const graphs = supergraph.definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === "join__Graph");
    const routed = Object.fromEntries(
      (graphs && "values" in graphs ? (graphs.values ?? []) : []).map((v) => {
        const args = v.directives?.find((d) => d.name.value === "join__graph")?.arguments ?? [];
        const arg = (n: string) => print(args.find((a) => a.name.value === n)?.value ?? { kind: Kind.NULL });
        return [arg("name").replace(/"/g, ""), arg("url").replace(/"/g, "")];
      }),
    );
    expect(routed).toEqual(Object.fromEntries(subgraphs.map(({ name, entry }) => [name, entry.routingUrl])));
  });

  it("keeps every subgraph's object and interface fields, with their types, joined to the subgraph that owns them", () => {
    const missing: string[] = [];
    let checked = 0;
    for (const { name, sdl } of subgraphs) {
      for (const [typeName, definitions] of definitionsByName(sdl, OBJECT_KINDS)) {
        const target = superObjects.get(typeName)?.[0];
        const joined = target?.directives?.some((d) => d.name.value === "join__type" && d.arguments?.some((a) => a.name.value === "graph" && print(a.value) === graphOf(name)));
        if (!target || !joined) {
          missing.push(`${name}: type ${typeName}${target ? " (not joined to it)" : ""}`);
          continue;
        }
        const fields = new Map(((target.fields ?? []) as FieldDefinitionNode[]).map((f) => [f.name.value, f]));
        for (const definition of definitions) {
          for (const field of (definition.fields ?? []) as FieldDefinitionNode[]) {
            const composed = fields.get(field.name.value);
            checked++;
            if (!composed) missing.push(`${name}: ${typeName}.${field.name.value}`);
            else if (shape(composed.type) !== shape(field.type)) missing.push(`${name}: ${typeName}.${field.name.value} is ${typeString(composed.type)}, not ${typeString(field.type)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("keeps every subgraph's enum values", () => {
    const missing: string[] = [];
    for (const { name, sdl } of subgraphs) {
      for (const [enumName, definitions] of definitionsByName(sdl, ENUM_KINDS)) {
        const composed = new Set((superEnums.get(enumName) ?? []).flatMap(valuesOf));
        for (const value of definitions.flatMap(valuesOf)) if (!composed.has(value)) missing.push(`${name}: ${enumName}.${value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("keeps every @cost and @listSize of every subgraph on its field, with the same arguments", () => {
    const subgraphCosts: string[] = [];
    const lost: string[] = [];
    for (const { name, sdl } of subgraphs) {
      for (const [typeName, definitions] of definitionsByName(sdl, OBJECT_KINDS)) {
        const fields = new Map(((superObjects.get(typeName)?.[0]?.fields ?? []) as FieldDefinitionNode[]).map((f) => [f.name.value, f]));
        for (const field of definitions.flatMap((d) => (d.fields ?? []) as FieldDefinitionNode[])) {
          const wanted = costOf(field);
          if (!wanted.length) continue;
          subgraphCosts.push(...wanted);
          const composed = fields.get(field.name.value);
          const kept = composed ? costOf(composed) : [];
          for (const directive of wanted) if (!kept.includes(directive)) lost.push(`${name}: ${typeName}.${field.name.value} ${directive} (composed: ${kept.join(" ") || "none"})`);
        }
      }
    }
    // Demand control prices every list: the subgraphs declare dozens of sizes, and none is lost.
    expect(subgraphCosts.length).toBeGreaterThan(20);
    expect(lost).toEqual([]);
  });

  it("reports no composition hints that were not reviewed and accepted", () => {
    expect(outcome.unacceptedHints).toEqual([]);
  });

  it("matches the committed schema/supergraph.graphql (run `npm run compose` after changing an SDL)", () => {
    expect(readCommittedSupergraph()).toBe(outcome.supergraphSdl);
  });

  it("exposes the contract's entry points", () => {
    const schema = buildASTSchema(parse(outcome.supergraphSdl ?? ""), { assumeValidSDL: true });
    const query = schema.getQueryType()?.getFields() ?? {};
    const mutation = schema.getMutationType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(expect.arrayContaining(["orders", "sku", "me"]));
    expect(Object.keys(mutation)).toEqual(expect.arrayContaining(["login", "placeOrder"]));
  });
});
