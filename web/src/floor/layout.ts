import floorFile from "../../../wcs-bridge/floor/default.json";

// The plan of the floor: where belts, the sorter and its chutes, scanners and waypoints are. The
// supergraph serves the devices' live state but not their geometry yet, so the plan is the floor
// file the simulator and the bridge are configured with (the bridge reads the same file from the
// PLC's Floor/Layout variable). Devices the API reports that the plan lacks are listed beside the map.

export interface Point {
  x: number;
  y: number;
}

export interface FloorLayout {
  warehouse: { id: string; code: string; name: string };
  size: { width: number; height: number };
  zones: { id: string; code: string; name: string }[];
  conveyors: { id: string; name: string; zoneId: string; start: Point; end: Point }[];
  sorters: { id: string; name: string; zoneId: string; start: Point; end: Point; chutes: { id: string; destination: string; capacity: number; position: Point }[] }[];
  robots: { id: string; name: string; zoneId: string; home: Point }[];
  scanners: { id: string; name: string; conveyorId: string; position: Point }[];
  waypoints: { locationId: string; code: string; kind: string; x: number; y: number }[];
}

export const FLOOR_LAYOUT: FloorLayout = floorFile;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A zone's outline on the plan: the extent of its belts and sorters, with a margin. */
export function zoneBoxes(layout: FloorLayout, margin = 2): Map<string, Box> {
  const points = new Map<string, Point[]>();
  const add = (zoneId: string, ...p: Point[]) => points.set(zoneId, [...(points.get(zoneId) ?? []), ...p]);
  for (const c of layout.conveyors) add(c.zoneId, c.start, c.end);
  for (const s of layout.sorters) add(s.zoneId, s.start, s.end, ...s.chutes.map((chute) => chute.position));
  const boxes = new Map<string, Box>();
  for (const [zoneId, list] of points) {
    const xs = list.map((p) => p.x);
    const ys = list.map((p) => p.y);
    const x = Math.min(...xs) - margin;
    const y = Math.min(...ys) - margin;
    boxes.set(zoneId, { x, y, width: Math.max(...xs) + margin - x, height: Math.max(...ys) + margin - y });
  }
  return boxes;
}
