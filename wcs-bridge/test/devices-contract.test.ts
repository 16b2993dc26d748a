import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Kind, type ObjectTypeDefinitionNode, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { DEVICE_KINDS } from "../src/devices/index.ts";
import { floor } from "./support.ts";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : /\.tsx?$/.test(name) ? [join(dir, name)] : []));
/** Every module specifier a file imports or re-exports (static or dynamic). */
const specifiers = (file: string) => [...readFileSync(file, "utf8").matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map((m) => m[1]!);

describe("the bridge and the subgraph code against the contract, never the simulator", () => {
  it.each(["bridge", "subgraph", "devices"])("no module under src/%s imports src/simulator", (area) => {
    const offenders = files(join(src, area)).flatMap((file) =>
      specifiers(file)
        .filter((s) => (s.startsWith(".") ? relative(src, resolve(dirname(file), s)).split(/[\\/]/)[0] === "simulator" : /wcs-bridge\/simulator/.test(s)))
        .map((s) => `${relative(src, file)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the scan sees imports (it would catch one)", () => {
    // The scan itself: a file of the simulator is found importing the contract, so the pattern matches real imports.
    expect(specifiers(join(src, "simulator/address-space/build.ts"))).toContain("../../devices/index.ts");
  });
});

describe("descriptors", () => {
  const sdl = parse(readFileSync(join(src, "schema.graphql"), "utf8"));
  const objectType = (name: string) =>
    sdl.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name);
  const fieldsOf = (name: string) => new Set(objectType(name)?.fields?.map((f) => f.name.value));

  it.each(DEVICE_KINDS.map((d) => [d.kind, d] as const))("%s: fields in its records, alarm inputs among its variables, unique names", (_kind, d) => {
    const records = d.initialRecords(floor) as Record<string, unknown>[];
    expect(records.length).toBeGreaterThan(0);
    for (const v of d.variables) expect(Object.keys(records[0]!), `${d.kind}.${v.browseName} → ${v.field}`).toContain(v.field);
    const names = [...d.variables.map((v) => v.browseName), ...d.methods.map((m) => m.name), ...(d.alarms ?? []).map((a) => a.name)];
    expect(new Set(names).size).toBe(names.length);
    for (const a of d.alarms ?? []) expect(d.variables.map((v) => v.browseName)).toContain(a.input);
    if (d.states) {
      const state = d.variables.find((v) => v.browseName === "State");
      expect(state?.decode?.(d.states[0] as never)).toBe(d.states[0]);
      expect(state?.decode?.("NOT-A-STATE" as never)).toBeUndefined();
    }
  });

  it.each(DEVICE_KINDS.filter((d) => d.graphqlType).map((d) => [d.kind, d] as const))("%s: every variable the GraphQL type shows is a field of it in the SDL", (_kind, d) => {
    const fields = fieldsOf(d.graphqlType!);
    expect(fields.size).toBeGreaterThan(0);
    for (const v of d.variables) {
      if (v.graphql === null) continue;
      const [head] = (v.graphql ?? v.field).split(".");
      expect(fields, `${d.graphqlType}.${head} (from ${d.kind}/${v.browseName})`).toContain(head);
    }
  });

  it("the GraphQL states of a kind are its descriptor's states", () => {
    const enumValues = (name: string) =>
      sdl.definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name ? (d.values ?? []).map((v) => v.name.value) : []));
    for (const d of DEVICE_KINDS.filter((k) => k.states && k.graphqlType)) expect(enumValues(`${d.graphqlType}State`).sort()).toEqual([...d.states!].sort());
  });
});
