import { z } from "zod";

/**
 * The floor file: everything the simulator needs to lay out a distribution center, and everything
 * a client needs to draw it (it is published verbatim as Floor/Layout). Coordinates are metres from
 * the floor's top-left corner; ids of zones and locations are the demo data's, so the WCS bridge
 * can join floor devices to warehouse records.
 */
const point = z.object({ x: z.number().min(0), y: z.number().min(0) });
const id = z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' or '-' (it becomes part of a NodeId)");

const zone = z.object({ id: z.string().uuid(), code: z.string().min(1), name: z.string().min(1) });

const conveyor = z.object({
  id,
  name: z.string().min(1),
  zoneId: z.string().uuid(),
  start: point,
  end: point,
  length: z.number().positive(),
  minSpeed: z.number().positive(),
  maxSpeed: z.number().positive(),
  nominalSpeed: z.number().positive(),
  /** Where totes go at the end: another conveyor, a sorter, or null (they leave the floor). */
  feeds: id.nullable(),
  /** Who puts new totes on its start: receiving (arrivals), the packers (from chutes), or nobody. */
  source: z.enum(["RECEIVING", "PACKING"]).nullable(),
});

const chute = z.object({
  id,
  /** The CHUTE location (demo data id) the chute delivers to. */
  destination: z.string().uuid(),
  capacity: z.number().int().positive(),
  position: point,
});

const sorter = z.object({
  id,
  name: z.string().min(1),
  zoneId: z.string().uuid(),
  start: point,
  end: point,
  /** How long an inducted tote waits for a Divert before the default rule decides. */
  decisionWindowMs: z.number().int().positive(),
  /** How long a recirculated tote takes to come round to the decision point again. */
  recirculationMs: z.number().int().positive(),
  chutes: z.array(chute).min(1),
});

const robot = z.object({
  id,
  name: z.string().min(1),
  zoneId: z.string().uuid(),
  home: point,
  /** Percent: below it the robot refuses tasks and goes to charge at home. */
  batteryThreshold: z.number().min(0).max(100),
  /** Metres per second when driving. */
  speed: z.number().positive(),
});

const scanner = z.object({
  id,
  name: z.string().min(1),
  conveyorId: id,
  /** Metres from the conveyor's start. */
  offset: z.number().min(0),
  position: point,
});

const waypoint = z.object({
  locationId: z.string().uuid(),
  code: z.string().min(1),
  kind: z.enum(["PICK", "RESERVE", "STAGING", "DOCK", "PACK", "CHUTE"]),
  x: z.number().min(0),
  y: z.number().min(0),
});

export const floorSchema = z
  .object({
    version: z.literal(1),
    warehouse: z.object({ id: z.string().uuid(), code: z.string().min(1), name: z.string().min(1) }),
    size: z.object({ width: z.number().positive(), height: z.number().positive() }),
    zones: z.array(zone).min(1),
    conveyors: z.array(conveyor),
    sorters: z.array(sorter),
    robots: z.array(robot),
    scanners: z.array(scanner),
    waypoints: z.array(waypoint),
  })
  .superRefine((floor, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const zoneIds = new Set(floor.zones.map((z) => z.id));
    const conveyorIds = new Set(floor.conveyors.map((c) => c.id));
    const sorterIds = new Set(floor.sorters.map((s) => s.id));
    const unique = (kind: string, ids: string[]) => {
      const seen = new Set<string>();
      for (const i of ids) {
        if (seen.has(i)) issue([kind], `duplicate id ${i}`);
        seen.add(i);
      }
    };
    unique("conveyors", floor.conveyors.map((c) => c.id));
    unique("sorters", floor.sorters.map((s) => s.id));
    unique("chutes", floor.sorters.flatMap((s) => s.chutes.map((c) => c.id)));
    unique("robots", floor.robots.map((r) => r.id));
    unique("scanners", floor.scanners.map((s) => s.id));
    floor.conveyors.forEach((c, i) => {
      if (!zoneIds.has(c.zoneId)) issue(["conveyors", i, "zoneId"], `unknown zone ${c.zoneId}`);
      if (c.feeds !== null && !conveyorIds.has(c.feeds) && !sorterIds.has(c.feeds)) issue(["conveyors", i, "feeds"], `unknown conveyor or sorter ${c.feeds}`);
      if (c.feeds === c.id) issue(["conveyors", i, "feeds"], "a conveyor cannot feed itself");
      if (!(c.minSpeed <= c.nominalSpeed && c.nominalSpeed <= c.maxSpeed)) issue(["conveyors", i], "needs minSpeed <= nominalSpeed <= maxSpeed");
    });
    floor.sorters.forEach((s, i) => {
      if (!zoneIds.has(s.zoneId)) issue(["sorters", i, "zoneId"], `unknown zone ${s.zoneId}`);
    });
    floor.robots.forEach((r, i) => {
      if (!zoneIds.has(r.zoneId)) issue(["robots", i, "zoneId"], `unknown zone ${r.zoneId}`);
    });
    floor.scanners.forEach((s, i) => {
      const c = floor.conveyors.find((c) => c.id === s.conveyorId);
      if (!c) issue(["scanners", i, "conveyorId"], `unknown conveyor ${s.conveyorId}`);
      else if (s.offset > c.length) issue(["scanners", i, "offset"], `beyond the end of ${c.id} (${c.length} m)`);
    });
  });

export type Floor = z.infer<typeof floorSchema>;
export type FloorConveyor = Floor["conveyors"][number];
export type FloorSorter = Floor["sorters"][number];
export type FloorChute = FloorSorter["chutes"][number];
export type FloorRobot = Floor["robots"][number];
export type FloorScanner = Floor["scanners"][number];
export type Point = z.infer<typeof point>;

/** Validates a parsed floor file, listing every problem at once. */
export function parseFloor(data: unknown): Floor {
  const result = floorSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid floor file:\n  ${lines.join("\n  ")}`);
  }
  return result.data;
}
