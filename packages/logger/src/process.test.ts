import { describe, expect, it } from "vitest";
import { requestIdFrom } from "./process.ts";

describe("requestIdFrom", () => {
  it("keeps a caller's sane request id, so logs correlate across services", () => {
    expect(requestIdFrom("req-42:a.b_c")).toBe("req-42:a.b_c");
    expect(requestIdFrom(["first-id", "second-id"])).toBe("first-id");
  });

  it("replaces a missing or unsafe one with a fresh UUID", () => {
    for (const bad of [undefined, "", "has space", "x".repeat(129), "line\nbreak"]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
