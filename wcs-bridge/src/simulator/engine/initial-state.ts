import type { Floor } from "../floor.ts";
import type { Random } from "../random.ts";
import type { Dynamics } from "./context.ts";
import type { FloorState } from "./types.ts";

/**
 * A floor at the start of a shift: belts stopped at their nominal setpoint, sorter stopped, chutes
 * empty and enabled, robots idle at home with batteries between 60 and 100 % (seeded).
 */
export function initialState(floor: Floor, random: Random, dynamics: Dynamics, now: number): FloorState {
  return {
    now,
    nextToteNumber: 1,
    arrivalsWaiting: 0,
    packedWaiting: [],
    shipped: 0,
    zones: floor.zones.map((z) => ({ id: z.id, code: z.code, name: z.name, eStopped: false })),
    conveyors: floor.conveyors.map((c) => ({
      id: c.id,
      name: c.name,
      zoneId: c.zoneId,
      length: c.length,
      minSpeed: c.minSpeed,
      maxSpeed: c.maxSpeed,
      feeds: c.feeds,
      source: c.source,
      setpoint: c.nominalSpeed,
      speed: 0,
      running: false,
      eStopped: false,
      fault: null,
      toteCount: 0,
      totes: [],
    })),
    sorters: floor.sorters.map((s) => ({
      id: s.id,
      name: s.name,
      zoneId: s.zoneId,
      running: false,
      eStopped: false,
      fault: false,
      decisionWindowMs: s.decisionWindowMs,
      recirculationMs: s.recirculationMs,
      toteCount: 0,
      recirculated: 0,
      pending: [],
      recirculating: [],
      routes: {},
      inductTimes: [],
      chuteIds: s.chutes.map((c) => c.id),
    })),
    chutes: floor.sorters.flatMap((s) =>
      s.chutes.map((c) => ({
        id: c.id,
        sorterId: s.id,
        destination: c.destination,
        capacity: c.capacity,
        enabled: true,
        contents: [],
        nextPackAt: now + Math.round(dynamics.packIntervalMs * (0.5 + random.next())),
      })),
    ),
    robots: floor.robots.map((r) => ({
      id: r.id,
      name: r.name,
      zoneId: r.zoneId,
      state: "IDLE",
      operatingMode: "AUTOMATIC",
      battery: Math.round(60 + random.next() * 40),
      charging: false,
      x: r.home.x,
      y: r.home.y,
      heading: 0,
      currentTask: "",
      targetLocationId: "",
      target: null,
      goingToCharge: false,
      pausedFrom: null,
      errors: [],
      home: { ...r.home },
      batteryThreshold: r.batteryThreshold,
      speed: r.speed,
    })),
    scanners: floor.scanners.map((s) => ({ id: s.id, name: s.name, conveyorId: s.conveyorId, offset: s.offset, lastToteId: "", scanCount: 0 })),
    alarms: [],
  };
}
