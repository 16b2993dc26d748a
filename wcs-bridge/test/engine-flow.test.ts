import { describe, expect, it } from "vitest";
import { chute, conveyor, makeEngine, run, START } from "./support.ts";
import type { FloorEngine } from "../src/simulator/engine/engine.ts";

const startAll = (e: FloorEngine) => {
  for (const c of e.state.conveyors) e.startConveyor(c.id);
  e.startSorter("SRT-01");
};

describe("engine: determinism", () => {
  const busyRun = (seed: number) => {
    const e = makeEngine({ seed, arrivalsPerMinute: 120, jamProbability: 0.02, errorProbability: 0.05, packIntervalMs: 2000 });
    startAll(e);
    e.assignTask("AMR-01", "T-1", e.floor.waypoints[0]!.locationId);
    e.assignTask("AMR-06", "T-2", e.floor.waypoints[8]!.locationId);
    // An operator who clears jams every ten seconds keeps the line (and the randomness) going.
    for (let t = 0; t < 180_000; t += 10_000) {
      run(e, 10_000);
      for (const c of e.state.conveyors.filter((c) => c.fault)) {
        e.resetConveyor(c.id);
        e.startConveyor(c.id);
      }
    }
    return e.state;
  };

  it("gives identical state for the same seed and a different one for another seed", () => {
    const a = busyRun(7);
    expect(a.nextToteNumber).toBeGreaterThan(100);
    expect(busyRun(7)).toEqual(a);
    expect(busyRun(8)).not.toEqual(a);
  });

  it("takes simulation time from the injected clock and advances it only by tick", () => {
    const e = makeEngine();
    expect(e.state.now).toBe(START);
    run(e, 1000);
    expect(e.state.now).toBe(START + 1000);
  });
});

describe("engine: totes", () => {
  it("flows totes from receiving to the sorter, counting and scanning each, losing none", () => {
    const e = makeEngine({ arrivalsPerMinute: 60, packIntervalMs: 3_600_000 });
    startAll(e);
    run(e, 180_000);
    const inb1 = conveyor(e, "CV-INB-01");
    const sorter = e.state.sorters[0]!;
    expect(inb1.toteCount).toBeGreaterThan(100);
    expect(sorter.toteCount).toBeGreaterThan(50);
    // Each belt has passed on at least as many as the one after it.
    const chain = ["CV-INB-01", "CV-INB-02", "CV-INB-03", "CV-INB-04", "CV-SRT-01", "CV-SRT-02", "CV-SRT-03", "CV-SRT-04"].map((id) => conveyor(e, id).toteCount);
    expect(chain).toEqual([...chain].sort((x, y) => y - x));
    expect(chain.at(-1)).toBe(sorter.toteCount);
    // Every tote created is on a belt or went to the sorter.
    const onBelts = e.state.conveyors.filter((c) => c.source !== "PACKING" && c.zoneId !== conveyor(e, "CV-OUT-01").zoneId).reduce((n, c) => n + c.totes.length, 0);
    expect(e.state.nextToteNumber - 1).toBe(onBelts + sorter.toteCount);
    const scanner = e.state.scanners.find((s) => s.id === "SC-INB")!;
    expect(scanner.scanCount).toBeGreaterThanOrEqual(inb1.toteCount);
    expect(scanner.lastToteId).toMatch(/^TOTE-\d{6}$/);
    // Totes keep their pitch on the belt.
    for (const c of e.state.conveyors) for (let i = 1; i < c.totes.length; i++) expect(c.totes[i - 1]!.position - c.totes[i]!.position).toBeGreaterThanOrEqual(0.8 - 1e-9);
  });

  it("ramps the belt to its setpoint instead of jumping", () => {
    const e = makeEngine();
    e.setConveyorSpeed("CV-OUT-02", 1.6);
    e.startConveyor("CV-OUT-02");
    e.tick(100);
    expect(conveyor(e, "CV-OUT-02").speed).toBeCloseTo(0.2, 6);
    run(e, 1000);
    expect(conveyor(e, "CV-OUT-02").speed).toBe(1.6);
  });
});

describe("engine: jams", () => {
  it("jams with the configured probability, refuses Start until Reset, and raises then clears an alarm", () => {
    const e = makeEngine({ arrivalsPerMinute: 600, jamProbability: 1 });
    startAll(e);
    const c = conveyor(e, "CV-INB-01");
    run(e, 20_000);
    expect(e.conveyorStateName(c)).toBe("JAMMED");
    expect(c.speed).toBe(0);
    expect(c.toteCount).toBe(1);
    expect(e.state.alarms.find((a) => a.id === "JAM/CV-INB-01")).toMatchObject({ severity: 700, deviceId: "CV-INB-01" });
    const refused = e.startConveyor("CV-INB-01");
    expect(refused.accepted).toBe(false);
    expect(refused.reason).toMatch(/jammed.*Reset/);
    expect(e.resetConveyor("CV-INB-01").accepted).toBe(true);
    expect(e.conveyorStateName(c)).toBe("STOPPED");
    expect(e.state.alarms.some((a) => a.id === "JAM/CV-INB-01")).toBe(false);
    expect(e.startConveyor("CV-INB-01")).toEqual({ accepted: true, reason: "" });
  });

  it("never jams with probability 0", () => {
    const e = makeEngine({ arrivalsPerMinute: 600, jamProbability: 0 });
    startAll(e);
    run(e, 60_000);
    expect(e.state.conveyors.filter((c) => c.fault)).toEqual([]);
  });
});

describe("engine: sorter and chutes", () => {
  it("applies the default rule when no Divert arrives within the decision window", () => {
    const e = makeEngine();
    e.startSorter("SRT-01");
    e.induct("SRT-01", "TOTE-A");
    run(e, 250);
    expect(e.state.chutes.every((c) => c.contents.length === 0)).toBe(true);
    run(e, 100);
    const landed = e.state.chutes.filter((c) => c.contents.includes("TOTE-A"));
    expect(landed).toHaveLength(1);
    // The same tote id always picks the same chute.
    const again = makeEngine();
    again.startSorter("SRT-01");
    again.induct("SRT-01", "TOTE-A");
    run(again, 400);
    expect(again.state.chutes.find((c) => c.contents.includes("TOTE-A"))?.id).toBe(landed[0]!.id);
  });

  it("routes a tote diverted before induct, and one diverted inside the window at once", () => {
    const e = makeEngine();
    e.startSorter("SRT-01");
    expect(e.divert("SRT-01", "TOTE-B", "CH-05").accepted).toBe(true);
    e.induct("SRT-01", "TOTE-B");
    e.tick(50);
    expect(chute(e, "CH-05").contents).toEqual(["TOTE-B"]);
    e.induct("SRT-01", "TOTE-C");
    e.tick(50);
    expect(e.divert("SRT-01", "TOTE-C", "CH-06").accepted).toBe(true);
    expect(chute(e, "CH-06").contents).toEqual(["TOTE-C"]);
  });

  it("fills a chute to Full, refuses it and recirculates, then the packer empties it", () => {
    const e = makeEngine({ packIntervalMs: 3_600_000 });
    e.startSorter("SRT-01");
    e.startConveyor("CV-OUT-01");
    const ch = chute(e, "CH-01");
    ch.contents = Array.from({ length: 39 }, (_, i) => `OLD-${i}`);
    e.induct("SRT-01", "TOTE-D");
    expect(e.divert("SRT-01", "TOTE-D", "CH-01").accepted).toBe(true);
    expect(e.isChuteFull(ch)).toBe(true);
    expect(e.state.alarms.find((a) => a.id === "FULL/CH-01")?.severity).toBe(300);
    e.induct("SRT-01", "TOTE-E");
    const refused = e.divert("SRT-01", "TOTE-E", "CH-01");
    expect(refused).toEqual({ accepted: false, reason: "chute CH-01 is full (40/40): tote TOTE-E recirculates" });
    const sorter = e.state.sorters[0]!;
    expect(sorter.recirculated).toBe(1);
    expect(sorter.recirculating.map((r) => r.toteId)).toEqual(["TOTE-E"]);
    // The packer comes by and takes the oldest tote to the outbound line.
    ch.nextPackAt = e.state.now + 100;
    run(e, 200);
    expect(ch.contents).toHaveLength(39);
    expect(e.isChuteFull(ch)).toBe(false);
    expect(e.state.alarms.some((a) => a.id === "FULL/CH-01")).toBe(false);
    run(e, 2000);
    expect(conveyor(e, "CV-OUT-01").totes.map((t) => t.id)).toContain("OLD-0");
    // The recirculated tote comes round again and is sorted by the default rule.
    run(e, sorter.recirculationMs + 500);
    expect(e.state.chutes.some((c) => c.contents.includes("TOTE-E"))).toBe(true);
  });

  it("refuses a disabled chute and leaves it out of the default rule", () => {
    const e = makeEngine();
    e.startSorter("SRT-01");
    for (const c of e.state.chutes) if (c.id !== "CH-24") e.enableChute("SRT-01", c.id, false);
    const refused = e.divert("SRT-01", "TOTE-F", "CH-02");
    expect(refused.accepted).toBe(false);
    expect(refused.reason).toBe("chute CH-02 is disabled");
    for (let i = 0; i < 10; i++) e.induct("SRT-01", `TOTE-G${i}`);
    run(e, 500);
    expect(chute(e, "CH-24").contents).toHaveLength(10);
    expect(e.enableChute("SRT-01", "CH-99", true)).toEqual({ accepted: false, reason: "unknown chute CH-99 on sorter SRT-01" });
  });

  it("reports the induct rate over the last minute", () => {
    const e = makeEngine();
    e.startSorter("SRT-01");
    for (let i = 0; i < 5; i++) e.induct("SRT-01", `TOTE-R${i}`);
    expect(e.inductRate(e.state.sorters[0]!)).toBe(300);
    run(e, 61_000);
    expect(e.inductRate(e.state.sorters[0]!)).toBe(0);
  });
});
