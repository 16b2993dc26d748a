import { readdirSync, readFileSync } from "node:fs";
import { ROUTER_SUPPORTED_SUPERGRAPH_FEATURES, Supergraph } from "@apollo/federation-internals";
import { SUPERGRAPH_PATH } from "@floorgraph/schema";
import { GraphQLError, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_COST_BUDGETS, SupergraphCost } from "../src/budget/cost.ts";

const root = new URL("../../", import.meta.url);
const sdl = readFileSync(SUPERGRAPH_PATH, "utf8");
const schema = Supergraph.build(sdl, { supportedFeatures: ROUTER_SUPPORTED_SUPERGRAPH_FEATURES }).apiSchema().toGraphQLJSSchema();
const cost = new SupergraphCost(DEFAULT_COST_BUDGETS);
cost.load(sdl);

/** Each operation of a document with the fragments it may use, named for the report. */
function operations(source: string, origin: string): { name: string; document: DocumentNode }[] {
  const document = parse(source);
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((op, i) => ({ name: `${origin}: ${op.name?.value ?? `#${i + 1}`}`, document: { kind: Kind.DOCUMENT, definitions: [op, ...fragments] } }));
}

// The dashboard's fragments live in their own files: every file's fragments are available to each operation.
const webDir = new URL("web/src/graphql/", root);
const webSources = readdirSync(webDir).filter((f) => f.endsWith(".graphql")).map((f) => readFileSync(new URL(f, webDir), "utf8"));
const webOperations = operations(webSources.join("\n"), "web");
const readme = readFileSync(new URL("README.md", root), "utf8");
const readmeOperations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m, i) =>
  // A block of one-line anonymous subscriptions is several documents.
  (m[1] as string).split(/\n(?=(?:query|mutation|subscription)\b)/).flatMap((part, j) => operations(part, `README block ${i + 1}.${j + 1}`)),
);

// Lists sized by variables get the largest page a resolver accepts (200): the worst a client can ask.
const worstVariables = (document: DocumentNode) => {
  const op = document.definitions[0] as OperationDefinitionNode;
  return Object.fromEntries((op.variableDefinitions ?? []).filter((v) => v.variable.name.value === "first").map((v) => [v.variable.name.value, 200]));
};

describe("the default budgets", () => {
  it("admit every dashboard operation and every README operation, for a signed-in user and without a token", () => {
    expect(webOperations.length).toBeGreaterThan(20);
    expect(readmeOperations.length).toBeGreaterThanOrEqual(9);
    const over: string[] = [];
    // Without a token too: such a client must hear UNAUTHENTICATED (log in), not that its query is too big.
    for (const identity of [{ kind: "user" } as never, null]) {
      for (const { name, document } of [...webOperations, ...readmeOperations]) {
        const admitted = cost.admit(schema, { document, variables: worstVariables(document) }, identity);
        if (admitted instanceof GraphQLError) over.push(`${name}: ${admitted.message}`);
      }
    }
    expect(over).toEqual([]);
  });

  it("refuse the nested lists of the abuse reports, and give anonymous callers the smallest budget", () => {
    const partner = { kind: "user", role: "PARTNER" } as never;
    const nested = parse(`query($id: ID!) { order(id: $id) { lines { order { lines { order { lines { quantity } } } } } } }`);
    const refused = cost.admit(schema, { document: nested, variables: { id: "x" } }, partner);
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions).toMatchObject({ code: "COST_ESTIMATED_TOO_EXPENSIVE", maxCost: DEFAULT_COST_BUDGETS.user });
    expect(cost.admit(schema, { document: parse(`{ wave(id: "x") { tasks { wave { tasks { id } } } } }`) }, { kind: "user" } as never)).toBeInstanceOf(GraphQLError);
    const list = parse(`{ orders(first: 200) { id customer { id } lines { id } } }`);
    expect(cost.admit(schema, { document: list }, { kind: "user" } as never)).toBeInstanceOf(GraphQLError);
    const small = parse(`{ orders(first: 20) { id } }`);
    expect(cost.admit(schema, { document: small }, null)).toEqual({ estimated: 20, max: DEFAULT_COST_BUDGETS.anonymous });
    expect(cost.admit(schema, { document: small }, { kind: "api-key" } as never)).toEqual({ estimated: 20, max: DEFAULT_COST_BUDGETS.apiKey });
  });
});
