import { describe, expect, it } from "vitest";
import { LiveFloorState, type VariableUpdate } from "../src/bridge/state/live-floor-state.ts";
import type { ConnectionChange, ConveyorRecord, SorterRecord } from "../src/bridge/state/types.ts";
import { floor, zoneId } from "./support.ts";

const T1 = new Date("2026-01-05T08:00:00Z");
const T2 = new Date("2026-01-05T08:00:01Z");
const conveyorUpdate = (id: string, variable: string, value: unknown): VariableUpdate => ({ kind: "Conveyor", id, variable, value });

function connectedState() {
  const state = new LiveFloorState(floor);
  state.markConnected(T1);
  return state;
}

describe("LiveFloorState", () => {
  it("starts with the layout's devices, stale and never seen", () => {
    const state = new LiveFloorState(floor);
    expect(state.connected).toBe(false);
    expect(state.conveyors()).toHaveLength(12);
    expect(state.sorter("SRT-01")?.chutes).toHaveLength(24);
    expect(state.robot("AMR-01")).toMatchObject({ stale: true, lastSeenAt: null, x: floor.robots[0]!.home.x });
  });

  it("applies a batch and emits each changed device once, with the full record", () => {
    const state = connectedState();
    const seen: ConveyorRecord[] = [];
    state.on("conveyor", (c) => seen.push(c));
    state.applyValues([conveyorUpdate("CV-INB-01", "Speed", 0.5), conveyorUpdate("CV-INB-01", "ToteCount", 3), conveyorUpdate("CV-INB-01", "State", "RUNNING")], T2);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: "CV-INB-01", speed: 0.5, toteCount: 3, state: "RUNNING", stale: false, lastSeenAt: T2, name: floor.conveyors[0]!.name });
    // A repeat of the same values is no change: lastSeenAt moves, no event.
    state.applyValues([conveyorUpdate("CV-INB-01", "Speed", 0.5)], T2);
    expect(seen).toHaveLength(1);
  });

  it("folds chute variables into their sorter's record", () => {
    const state = connectedState();
    const seen: SorterRecord[] = [];
    state.on("sorter", (s) => seen.push(s));
    state.applyValues([{ kind: "Chute", id: "CH-03", variable: "Count", value: 7 }, { kind: "Chute", id: "CH-03", variable: "Full", value: true }], T2);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.chutes.find((c) => c.id === "CH-03")).toMatchObject({ count: 7, full: true });
  });

  it("parses robot strings: empty task is null, Errors JSON, ignores wrongly typed values", () => {
    const state = connectedState();
    const errors = [{ errorType: "obstacle", errorLevel: "WARNING", description: "blocked" }];
    state.applyValues(
      [
        { kind: "Robot", id: "AMR-02", variable: "CurrentTask", value: "" },
        { kind: "Robot", id: "AMR-02", variable: "Errors", value: JSON.stringify(errors) },
        { kind: "Robot", id: "AMR-02", variable: "Battery", value: "full" },
        { kind: "Robot", id: "AMR-02", variable: "Battery", value: 81.5 },
        { kind: "Robot", id: "AMR-03", variable: "Errors", value: "not json" },
        { kind: "Robot", id: "AMR-99", variable: "State", value: "IDLE" },
      ],
      T2,
    );
    expect(state.robot("AMR-02")).toMatchObject({ currentTask: null, errors, battery: 81.5 });
    expect(state.robot("AMR-03")?.errors).toEqual([]);
    expect(state.robot("AMR-99")).toBeUndefined();
  });

  it("goes stale on disconnect keeping values, and fresh again on reconnect, emitting connection changes", () => {
    const state = connectedState();
    const changes: ConnectionChange[] = [];
    state.on("connection", (c) => changes.push(c));
    state.applyValues([conveyorUpdate("CV-OUT-01", "Setpoint", 1.7)], T1);
    state.markDisconnected(T2);
    state.markDisconnected(T2); // repeated losses report once
    expect(changes).toEqual([{ connected: false, at: T2 }]);
    expect(state.conveyor("CV-OUT-01")).toMatchObject({ setpoint: 1.7, stale: true, lastSeenAt: T1 });
    expect(state.zones().every((z) => z.stale)).toBe(true);
    // Values read while still disconnected (the resync) do not emit; markConnected emits all, fresh.
    const emitted: ConveyorRecord[] = [];
    state.on("conveyor", (c) => emitted.push(c));
    state.applyValues([conveyorUpdate("CV-OUT-01", "Setpoint", 0.9)], T2);
    expect(emitted).toHaveLength(0);
    state.markConnected(T2);
    expect(emitted).toHaveLength(12);
    expect(emitted.find((c) => c.id === "CV-OUT-01")).toMatchObject({ setpoint: 0.9, stale: false, lastSeenAt: T2 });
    expect(changes.at(-1)).toEqual({ connected: true, at: T2 });
  });

  it("keeps Floor/ActiveAlarms as records and gives a cleared alarm its raise time", () => {
    const state = connectedState();
    const zone = zoneId("SRT");
    const raisedAt = "2026-01-05T08:00:00.500Z";
    state.applyValues([{ kind: "Floor", id: "Floor", variable: "ActiveAlarms", value: JSON.stringify([{ id: `ESTOP/${zone}`, severity: 1000, deviceId: zone, message: "Emergency stop", raisedAt }]) }], T2);
    expect(state.activeAlarms()).toEqual([{ id: `ESTOP/${zone}`, severity: 1000, deviceId: zone, message: "Emergency stop", raisedAt: new Date(raisedAt), active: true }]);
    const alarms: { active: boolean; raisedAt: Date }[] = [];
    state.on("alarm", (a) => alarms.push(a));
    state.applyAlarmEvent({ id: `ESTOP/${zone}`, severity: 1, deviceId: zone, message: "Cleared: Emergency stop", raisedAt: T2, active: false });
    expect(alarms).toEqual([expect.objectContaining({ active: false, raisedAt: new Date(raisedAt) })]);
  });

  it("a throwing listener does not stop the others", () => {
    const errors: unknown[] = [];
    const state = new LiveFloorState(floor, (error) => errors.push(error));
    let reached = false;
    state.on("connection", () => {
      throw new Error("boom");
    });
    state.on("connection", () => (reached = true));
    state.markConnected(T1);
    expect(reached).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
