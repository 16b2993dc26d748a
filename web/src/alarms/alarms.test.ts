import { describe, expect, it } from "vitest";
import { alarm } from "../test/fixtures.ts";
import { alarmsReducer, bySeverity } from "./alarms.ts";

describe("active alarms", () => {
  it("takes the query's list as the truth, then merges raised and acknowledged alarms", () => {
    let state = alarmsReducer(new Map(), { type: "snapshot", alarms: [alarm("JAM/CV-1"), alarm("ROBOT/AMR-1")] });
    state = alarmsReducer(state, { type: "update", alarm: alarm("ESTOP/z", { severity: "CRITICAL", severityLevel: 1000 }) });
    state = alarmsReducer(state, { type: "update", alarm: alarm("JAM/CV-1", { acknowledgedAt: "2026-01-01T10:01:00Z" }) });
    expect([...state.keys()].sort()).toEqual(["ESTOP/z", "JAM/CV-1", "ROBOT/AMR-1"]);
    expect(state.get("JAM/CV-1")!.acknowledgedAt).not.toBeNull();
    state = alarmsReducer(state, { type: "snapshot", alarms: [alarm("ESTOP/z")] });
    expect([...state.keys()]).toEqual(["ESTOP/z"]);
  });

  it("drops an alarm reported inactive", () => {
    const state = alarmsReducer(new Map([["A", alarm("A")]]), { type: "update", alarm: alarm("A", { active: false }) });
    expect(state.size).toBe(0);
  });

  it("groups by severity, most severe first, newest first within a group", () => {
    const groups = bySeverity([
      alarm("w", { severity: "WARNING", severityLevel: 500 }),
      alarm("c", { severity: "CRITICAL", severityLevel: 1000 }),
      alarm("m-old", { raisedAt: "2026-01-01T09:00:00Z" }),
      alarm("m-new", { raisedAt: "2026-01-01T11:00:00Z" }),
    ]);
    expect(groups.map((g) => [g.severity, g.alarms.map((a) => a.id)])).toEqual([
      ["CRITICAL", ["c"]],
      ["MAJOR", ["m-new", "m-old"]],
      ["WARNING", ["w"]],
    ]);
  });
});
