import type { AlarmItemFragment, ConveyorLiveFragment, RobotLiveFragment, SorterLiveFragment } from "../generated/graphql.ts";
import { FLOOR_LAYOUT } from "../floor/layout.ts";

// Live records shaped like the gateway's answers, for the floor file's devices.
const AT = "2026-01-01T10:00:00.000Z";

export const conveyor = (id: string, overrides: Partial<ConveyorLiveFragment> = {}): ConveyorLiveFragment => ({
  id,
  name: `Conveyor ${id}`,
  state: "RUNNING",
  speed: 1,
  setpoint: 1,
  minSpeed: 0.2,
  maxSpeed: 2,
  toteCount: 10,
  stale: false,
  lastSeenAt: AT,
  zone: { id: FLOOR_LAYOUT.conveyors.find((c) => c.id === id)?.zoneId ?? "zone" },
  ...overrides,
});

export const robot = (id: string, overrides: Partial<RobotLiveFragment> = {}): RobotLiveFragment => ({
  id,
  name: `Robot ${id}`,
  state: "IDLE",
  operatingMode: "AUTOMATIC",
  battery: 80,
  charging: false,
  batteryThreshold: 20,
  currentTask: null,
  stale: false,
  lastSeenAt: AT,
  position: { x: 10, y: 20, heading: 0 },
  errors: [],
  zone: { id: "zone" },
  ...overrides,
});

export const sorter = (overrides: Partial<SorterLiveFragment> = {}): SorterLiveFragment => {
  const plan = FLOOR_LAYOUT.sorters[0]!;
  return {
    id: plan.id,
    name: plan.name,
    state: "RUNNING",
    inductRate: 900,
    toteCount: 100,
    recirculated: 2,
    stale: false,
    lastSeenAt: AT,
    zone: { id: plan.zoneId },
    chutes: plan.chutes.map((c) => ({ id: c.id, destination: c.destination, full: false, enabled: true, count: 0, capacity: c.capacity })),
    ...overrides,
  };
};

export const alarm = (id: string, overrides: Partial<AlarmItemFragment> = {}): AlarmItemFragment => ({
  id,
  severity: "MAJOR",
  severityLevel: 700,
  active: true,
  message: `Alarm ${id}`,
  device: id.split("/")[1] ?? id,
  raisedAt: AT,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...overrides,
});

export const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((item) => [item.id, item]));
