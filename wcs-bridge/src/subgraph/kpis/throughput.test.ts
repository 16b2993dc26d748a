import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LiveFloorState } from "../../bridge/state/live-floor-state.ts";
import { parseFloor } from "../../devices/index.ts";
import { ThroughputMeter } from "./throughput.ts";

// The floor file as the bridge gets it (Floor/Layout), parsed by the contract, not the simulator.
const layout = parseFloor(JSON.parse(readFileSync(new URL("../../../floor/default.json", import.meta.url), "utf8")));
const zone = (code: string) => layout.zones.find((z) => z.code === code)!.id;
const T0 = Date.UTC(2026, 10, 22, 8, 0, 0);

/** A connected floor whose PLC has published every counter once (as after the bridge's first full read). */
function floorAt() {
  const state = new LiveFloorState(layout);
  state.applyValues(
    [...layout.conveyors.map((c) => ({ kind: "Conveyor" as const, id: c.id, variable: "ToteCount", value: 7 })),
     ...layout.sorters.map((s) => ({ kind: "Sorter" as const, id: s.id, variable: "ToteCount", value: 7 }))],
    new Date(T0),
  );
  state.markConnected(new Date(T0));
  const meter = new ThroughputMeter(state);
  const count = (kind: "Conveyor" | "Sorter", id: string, variable: string, value: number, ms: number) =>
    state.applyValues([{ kind, id, variable, value }], new Date(T0 + ms));
  return { meter, count };
}

describe("ThroughputMeter", () => {
  it("counts totes leaving a zone through its exit conveyor, per hour over the window", () => {
    const { meter, count } = floorAt();
    count("Conveyor", "CV-INB-04", "ToteCount", 0, 0);
    count("Conveyor", "CV-INB-02", "ToteCount", 500, 30_000); // internal to the zone: not an exit
    count("Conveyor", "CV-INB-04", "ToteCount", 60, 60_000);
    // 60 totes in the minute since the counter read 0 (the counter went down from 7: a restart).
    expect(meter.totesPerHour(zone("INB"), T0 + 60_000)).toBe(3600);
    expect(meter.totesPerHour(zone("OUT"), T0 + 60_000)).toBe(0);
  });

  it("treats a counter that goes down as a PLC restart, not as negative totes", () => {
    const { meter, count } = floorAt();
    count("Conveyor", "CV-OUT-04", "ToteCount", 37, 30_000);
    count("Conveyor", "CV-OUT-04", "ToteCount", 30, 60_000);
    expect(meter.totesPerHour(zone("OUT"), T0 + 60_000)).toBe(3600);
    // The floor counts the end of the outbound line too.
    expect(meter.totesPerHour(null, T0 + 60_000)).toBe(3600);
  });

  it("counts a sorter's sorted totes (inducted minus recirculated) and forgets counts older than five minutes", () => {
    const { meter, count } = floorAt();
    count("Sorter", "SRT-01", "ToteCount", 127, 60_000);
    count("Sorter", "SRT-01", "Recirculated", 20, 60_000);
    expect(meter.totesPerHour(zone("SRT"), T0 + 60_000)).toBe(6000);
    // Ten minutes later with no new counts: nothing left in the window.
    expect(meter.totesPerHour(zone("SRT"), T0 + 660_000)).toBe(0);
  });

  it("reads 0 until it has a few seconds of counts", () => {
    const { meter, count } = floorAt();
    count("Conveyor", "CV-OUT-04", "ToteCount", 0, 0);
    count("Conveyor", "CV-OUT-04", "ToteCount", 5, 1_000);
    expect(meter.totesPerHour(null, T0 + 1_000)).toBe(0);
  });
});
