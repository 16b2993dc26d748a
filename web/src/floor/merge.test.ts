import { describe, expect, it } from "vitest";
import { latestById, mergeLive } from "./merge.ts";

const rec = (id: string, at: string | null, value: number) => ({ id, lastSeenAt: at, value });

describe("mergeLive", () => {
  it("keeps, per device, the record the bridge heard last", () => {
    const snapshot = [rec("a", "2026-01-01T10:00:05Z", 1), rec("b", "2026-01-01T10:00:05Z", 1)];
    const changes = { a: rec("a", "2026-01-01T10:00:06Z", 2), b: rec("b", "2026-01-01T10:00:04Z", 0) };
    const merged = mergeLive(snapshot, changes);
    expect(merged.get("a")!.value).toBe(2);
    expect(merged.get("b")!.value).toBe(1);
  });

  it("adds devices only the stream knows, and lets a change win a tie", () => {
    const merged = mergeLive([rec("a", "2026-01-01T10:00:05Z", 1)], { a: rec("a", "2026-01-01T10:00:05Z", 2), c: rec("c", null, 3) });
    expect([...merged.keys()]).toEqual(["a", "c"]);
    expect(merged.get("a")!.value).toBe(2);
  });

  it("works before the query answers", () => {
    expect(mergeLive(undefined, latestById(undefined, rec("x", null, 1))).get("x")!.value).toBe(1);
  });
});
