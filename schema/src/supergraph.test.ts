import { describe, expect, it } from "vitest";
import { buildASTSchema, parse } from "graphql";
import { compose, readCommittedSupergraph } from "./index.ts";

describe("supergraph composition", () => {
  const outcome = compose();

  it("composes without errors", () => {
    expect(outcome.errors).toEqual([]);
    expect(outcome.supergraphSdl).toBeDefined();
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
