import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { assertId, badInput, formatError, fromPrismaError } from "./index.ts";

describe("formatError", () => {
  it("passes domain errors through without stack traces", () => {
    const error = badInput("quantity must be at least 1", { field: "lines[0].quantity" });
    const formatted = formatError({ message: error.message, extensions: { ...error.extensions, stacktrace: ["at x.ts:1"] } }, error);
    expect(formatted).toEqual({ message: "quantity must be at least 1", extensions: { code: "BAD_USER_INPUT", field: "lines[0].quantity" } });
  });

  it("masks anything unexpected, reporting it to the server log only", () => {
    const internal = new Error('relation "Order" does not exist');
    const seen: unknown[] = [];
    const formatted = formatError(
      { message: internal.message, path: ["orders"], extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at prisma"] } },
      internal,
      (e) => seen.push(e),
    );
    expect(formatted).toEqual({ message: "Internal server error", path: ["orders"], extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(seen).toEqual([internal]);
  });

  it("keeps the framework's own request errors, which describe the caller's query", () => {
    const formatted = formatError({ message: 'Cannot query field "nope"', extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }, new GraphQLError("x"));
    expect(formatted.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(formatted.message).toContain("nope");
  });
});

describe("assertId", () => {
  it("accepts UUIDs, lower-cased, and refuses anything else as BAD_USER_INPUT", () => {
    expect(assertId("6F1F3C9E-2F7A-4A59-9D3E-5B1C0E7A4D21")).toBe("6f1f3c9e-2f7a-4a59-9d3e-5b1c0e7a4d21");
    for (const bad of ["", "42", "6f1f3c9e-2f7a-4a59-9d3e-5b1c0e7a4d2", "'; drop table x; --"]) {
      expect(() => assertId(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }));
    }
  });
});

describe("fromPrismaError", () => {
  it("maps unique violations to CONFLICT and missing rows to NOT_FOUND, leaving others alone", () => {
    expect(fromPrismaError({ code: "P2002" }, { unique: "taken" })).toMatchObject({ message: "taken", extensions: { code: "CONFLICT" } });
    expect(fromPrismaError({ code: "P2025" })).toMatchObject({ extensions: { code: "NOT_FOUND" } });
    const other = new Error("boom");
    expect(fromPrismaError(other)).toBe(other);
  });
});
