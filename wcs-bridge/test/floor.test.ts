import { demoId, demoLayout, demoWarehouses } from "@floorgraph/demo-data";
import { describe, expect, it } from "vitest";
import { parseFloor } from "../src/simulator/floor.ts";
import { floor } from "./support.ts";

describe("default floor file", () => {
  it("uses the demo data's warehouse, zone and location ids", () => {
    expect(floor.warehouse.id).toBe(demoWarehouses.find((w) => w.code === "AMS1")!.id);
    expect(floor.zones.map((z) => [z.code, z.id])).toEqual(["INB", "SRT", "OUT"].map((code) => [code, demoId("zone", `AMS1/${code}`)]));
    const locations = new Map(demoLayout.locations.map((l) => [l.id, l]));
    for (const w of floor.waypoints) {
      expect(locations.get(w.locationId)?.code, w.code).toBe(w.code);
      expect(locations.get(w.locationId)?.warehouseId).toBe(floor.warehouse.id);
    }
  });

  it("has 12 conveyors, a sorter whose 24 chutes are AMS1's CHUTE locations, 8 robots, 3 scanners", () => {
    expect(floor.conveyors).toHaveLength(12);
    for (const code of ["INB", "SRT", "OUT"]) expect(floor.conveyors.filter((c) => c.zoneId === demoId("zone", `AMS1/${code}`))).toHaveLength(4);
    const [sorter] = floor.sorters;
    expect(sorter?.id).toBe("SRT-01");
    const chuteLocations = demoLayout.locations.filter((l) => l.warehouseId === floor.warehouse.id && l.type === "CHUTE").map((l) => l.id);
    expect(chuteLocations).toHaveLength(24);
    expect(new Set(sorter?.chutes.map((c) => c.destination))).toEqual(new Set(chuteLocations));
    expect(sorter?.chutes.map((c) => c.id)).toEqual(Array.from({ length: 24 }, (_, i) => `CH-${String(i + 1).padStart(2, "0")}`));
    expect(floor.robots.map((r) => r.id)).toEqual(["AMR-01", "AMR-02", "AMR-03", "AMR-04", "AMR-05", "AMR-06", "AMR-07", "AMR-08"]);
    expect(floor.scanners.map((s) => s.id)).toEqual(["SC-INB", "SC-SRT", "SC-OUT"]);
  });

  it("refuses a floor with dangling references, listing each", () => {
    const broken = structuredClone(floor);
    broken.conveyors[0]!.feeds = "CV-NOWHERE";
    broken.scanners[0]!.conveyorId = "CV-MISSING";
    broken.robots[0]!.zoneId = "00000000-0000-4000-8000-000000000000";
    expect(() => parseFloor(broken)).toThrow(/CV-NOWHERE[\s\S]*CV-MISSING|CV-MISSING[\s\S]*CV-NOWHERE/);
    expect(() => parseFloor(broken)).toThrow(/robots\.0\.zoneId/);
  });
});
