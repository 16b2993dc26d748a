import type { ConveyorLiveFragment, RobotLiveFragment, SorterLiveFragment } from "../generated/graphql.ts";
import { type FloorLayout, zoneBoxes } from "./layout.ts";
import { ConveyorShape, RobotMarker, SorterShape } from "./shapes.tsx";

export interface FloorMapProps {
  layout: FloorLayout;
  conveyors: Map<string, ConveyorLiveFragment>;
  sorters: Map<string, SorterLiveFragment>;
  robots: Map<string, RobotLiveFragment>;
  selected: string | null;
  onSelect(id: string): void;
}

/** The floor as an SVG plan in metres (the floor file's coordinates, origin top left). */
export function FloorMap({ layout, conveyors, sorters, robots, selected, onSelect }: FloorMapProps) {
  const boxes = zoneBoxes(layout);
  const { width, height } = layout.size;
  return (
    <svg className="floor-map" viewBox={`-1 -1 ${width + 2} ${height + 2}`} role="img" aria-label={`Floor plan of ${layout.warehouse.code}`} data-testid="floor-map">
      <defs>
        <marker id="flow" viewBox="0 0 4 4" refX="4" refY="2" markerWidth="0.8" markerHeight="0.8" orient="auto">
          <path d="M0 0L4 2L0 4Z" fill="#343a40" />
        </marker>
      </defs>
      <rect className="floor" x={0} y={0} width={width} height={height} />
      {layout.zones.map((zone) => {
        const box = boxes.get(zone.id);
        return box ? (
          <g key={zone.id} className="zone" data-testid={`zone-${zone.code}`}>
            <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={0.8} />
            <text className="zone-label" x={box.x + 0.6} y={box.y + box.height - 0.6}>
              {zone.code} · {zone.name}
            </text>
          </g>
        ) : null;
      })}
      {layout.waypoints.map((w) => (
        <g key={w.locationId} className="waypoint">
          <circle cx={w.x} cy={w.y} r={0.35} />
          <text x={w.x + 0.6} y={w.y + 0.3}>
            {w.code}
          </text>
        </g>
      ))}
      {layout.scanners.map((s) => (
        <rect key={s.id} className="scanner" x={s.position.x - 0.4} y={s.position.y - 1.6} width={0.8} height={0.8}>
          <title>{`${s.id} (${s.name})`}</title>
        </rect>
      ))}
      {layout.conveyors.map((plan) => (
        <ConveyorShape key={plan.id} plan={plan} live={conveyors.get(plan.id)} selected={selected === plan.id} onSelect={onSelect} />
      ))}
      {layout.sorters.map((plan) => (
        <SorterShape key={plan.id} plan={plan} live={sorters.get(plan.id)} selected={selected === plan.id} onSelect={onSelect} />
      ))}
      {[...robots.values()].map((robot) => (
        <RobotMarker key={robot.id} live={robot} selected={selected === robot.id} onSelect={onSelect} />
      ))}
    </svg>
  );
}

/** Devices the API reports that the plan does not place (another floor file, a device added since). */
export function unplacedDevices(layout: FloorLayout, conveyors: Map<string, unknown>, sorters: Map<string, unknown>): string[] {
  const placed = new Set([...layout.conveyors.map((c) => c.id), ...layout.sorters.map((s) => s.id)]);
  return [...conveyors.keys(), ...sorters.keys()].filter((id) => !placed.has(id));
}
