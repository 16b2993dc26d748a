import type { Floor } from "../../simulator/floor.ts";
import type { ConveyorRecord, RobotRecord, ScannerRecord, SorterRecord, ZoneRecord } from "./types.ts";

/** Every device the floor file declares, stale and never seen until the first read arrives. */
export function initialRecords(layout: Floor) {
  const unseen = { stale: true, lastSeenAt: null };
  const zones: ZoneRecord[] = layout.zones.map((z) => ({ id: z.id, code: z.code, name: z.name, eStopped: false, ...unseen }));
  const conveyors: ConveyorRecord[] = layout.conveyors.map((c) => ({
    id: c.id,
    name: c.name,
    zoneId: c.zoneId,
    state: "STOPPED",
    speed: 0,
    setpoint: c.nominalSpeed,
    minSpeed: c.minSpeed,
    maxSpeed: c.maxSpeed,
    toteCount: 0,
    ...unseen,
  }));
  const sorters: SorterRecord[] = layout.sorters.map((s) => ({
    id: s.id,
    name: s.name,
    zoneId: s.zoneId,
    state: "STOPPED",
    inductRate: 0,
    toteCount: 0,
    recirculated: 0,
    chutes: s.chutes.map((c) => ({ id: c.id, sorterId: s.id, destination: c.destination, full: false, enabled: true, count: 0, capacity: c.capacity })),
    ...unseen,
  }));
  const robots: RobotRecord[] = layout.robots.map((r) => ({
    id: r.id,
    name: r.name,
    zoneId: r.zoneId,
    state: "IDLE",
    operatingMode: "AUTOMATIC",
    battery: 0,
    charging: false,
    x: r.home.x,
    y: r.home.y,
    heading: 0,
    currentTask: null,
    targetLocationId: null,
    errors: [],
    ...unseen,
  }));
  const scanners: ScannerRecord[] = layout.scanners.map((s) => ({ id: s.id, name: s.name, conveyorId: s.conveyorId, lastToteId: null, scanCount: 0, ...unseen }));
  return { zones, conveyors, sorters, robots, scanners };
}
