import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assertId, badInput, coercionField, formatError, fromPrismaError, optionalText, parseInput, requiredText } from "./index.ts";

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

describe("fromPrismaError on values the database refuses", () => {
  // The shapes Prisma 7's driver adapters throw (seen from PGlite and pg): the SQLSTATE is the cause's originalCode.
  const adapterError = (prismaCode: string, state: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error("Invalid prisma call: raw database message"), {
      code: prismaCode,
      meta: { modelName: "Order", driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: state, kind: "postgres", code: state, message: 'invalid byte sequence for encoding "UTF8": 0x00', ...extra } } },
    });

  it("maps NUL bytes, out-of-range numbers, impossible dates and check violations to BAD_USER_INPUT naming the field", () => {
    for (const [prismaCode, state, reason] of [
      ["P2039", "22021", "NUL"],
      ["P2010", "22003", "out of range"],
      ["P2010", "22008", "date"],
      ["P2004", "23514", "rule"],
    ] as const) {
      const mapped = fromPrismaError(adapterError(prismaCode, state), { field: "input.externalReference" }) as Error & { extensions: Record<string, unknown> };
      expect(mapped.extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.externalReference" });
      expect(mapped.message).toContain(reason);
      // The database's wording (table, encoding, constraint names) stays in the server log.
      expect(mapped.message).not.toContain("UTF8");
    }
  });

  it("maps Prisma's own value-too-long error to BAD_USER_INPUT naming the column when no field is given", () => {
    const mapped = fromPrismaError(Object.assign(new Error("too long"), { code: "P2000", meta: { column_name: "externalReference" } })) as Error & { extensions: Record<string, unknown> };
    expect(mapped.extensions).toEqual({ code: "BAD_USER_INPUT", field: "externalReference" });
  });

  it("leaves other database failures (lost connection, missing table) alone so they stay internal", () => {
    const lost = adapterError("P1017", "08006");
    expect(fromPrismaError(lost)).toBe(lost);
    const missing = adapterError("P2021", "42P01");
    expect(fromPrismaError(missing)).toBe(missing);
    // A malformed uuid reaching the database came from the service (callers' ids are checked first).
    const malformed = adapterError("P2010", "22P02");
    expect(fromPrismaError(malformed)).toBe(malformed);
  });
});

describe("formatError on a database refusal no service check caught", () => {
  it("answers BAD_USER_INPUT with a fixed message instead of an internal error, and still logs it", () => {
    const dbError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: "P2039",
      meta: { driverAdapterError: { cause: { originalCode: "22021", kind: "postgres" } } },
    });
    const seen: unknown[] = [];
    const wrapped = new GraphQLError(dbError.message, { originalError: dbError });
    const formatted = formatError({ message: dbError.message, path: ["createSku"], extensions: { code: "INTERNAL_SERVER_ERROR" } }, wrapped, (e) => seen.push(e));
    expect(formatted).toEqual({ message: expect.stringContaining("NUL"), path: ["createSku"], extensions: { code: "BAD_USER_INPUT" } });
    expect(formatted.message).not.toContain("UTF8");
    expect(seen).toEqual([wrapped]);
  });
});

describe("coercionField", () => {
  it("reads the field out of graphql-js's variable coercion message", () => {
    expect(coercionField('Variable "$input" got invalid value "2024-02-30" at "input.requestedShipDate"; Expected type "Date".')).toBe("input.requestedShipDate");
    expect(coercionField('Variable "$input" got invalid value 3000000000 at "input.lines[2].quantity"; Int cannot represent non 32-bit signed integer value: 3000000000')).toBe("input.lines[2].quantity");
    expect(coercionField('Variable "$code" got invalid value 5; String cannot represent a non string value: 5')).toBe("code");
    expect(coercionField("Something else")).toBeUndefined();
  });

  it("is added to a BAD_USER_INPUT error's extensions by formatError", () => {
    const formatted = formatError({ message: 'Variable "$input" got invalid value "x" at "input.requestedShipDate"; Expected type "Date".', extensions: { code: "BAD_USER_INPUT" } }, new GraphQLError("x"));
    expect(formatted.extensions).toEqual({ code: "BAD_USER_INPUT", field: "input.requestedShipDate" });
  });
});

describe("parseInput", () => {
  const schema = z.object({ name: requiredText(10), note: optionalText(5), lines: z.array(z.object({ code: requiredText(4) })) });
  const fail = (value: unknown, prefix?: string) => {
    try {
      parseInput(schema, value, prefix);
    } catch (error) {
      return error as Error & { extensions: Record<string, unknown> };
    }
    throw new Error("expected a refusal");
  };

  it("returns the parsed value: trimmed, empty optional text as null", () => {
    expect(parseInput(schema, { name: " a ", note: " ", lines: [{ code: "x" }] })).toEqual({ name: "a", note: null, lines: [{ code: "x" }] });
  });

  it("refuses the first problem as BAD_USER_INPUT naming its path, under an optional prefix", () => {
    expect(fail({ name: "a", lines: [{ code: "x" }, { code: "toolong" }] }, "input")).toMatchObject({
      message: "input.lines[1].code must be at most 4 characters",
      extensions: { code: "BAD_USER_INPUT", field: "input.lines[1].code" },
    });
    expect(fail({ name: "a\u0000", lines: [] }).extensions).toEqual({ code: "BAD_USER_INPUT", field: "name" });
    expect(fail({ name: " ", lines: [] }).message).toBe("name must not be empty");
  });
});
