import { describe, expect, it } from "vitest";
import { isTransientError } from "./transient.ts";

describe("transient errors", () => {
  it("are the database being away or a concurrency retry, however wrapped", () => {
    expect(isTransientError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransientError({ code: "P2010", meta: { code: "40P01", message: "deadlock detected" } })).toBe(true);
    expect(isTransientError(new Error("wrapped", { cause: { code: "57P01" } }))).toBe(true);
    expect(isTransientError({ code: "08006" })).toBe(true);
  });

  it("are not the event's own fault", () => {
    expect(isTransientError(new Error("unknown SKU"))).toBe(false);
    expect(isTransientError({ code: "P2002" })).toBe(false);
    expect(isTransientError({ code: "P2010", meta: { code: "23505" } })).toBe(false);
  });
});
