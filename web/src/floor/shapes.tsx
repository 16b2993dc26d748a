import type { KeyboardEvent } from "react";
import type { ConveyorLiveFragment, RobotLiveFragment, SorterLiveFragment } from "../generated/graphql.ts";
import { CONVEYOR_COLORS, deviceColor, ROBOT_COLORS, SORTER_COLORS, STALE_COLOR } from "./colors.ts";
import type { FloorLayout, Point } from "./layout.ts";

type Select = (id: string) => void;
const keyActivate = (select: () => void) => (event: KeyboardEvent) => {
  if (event.key === "Enter" || event.key === " ") select();
};
const interactive = (id: string, label: string, selected: boolean, onSelect: Select) => ({
  role: "button",
  tabIndex: 0,
  "aria-label": label,
  "aria-pressed": selected,
  onClick: () => onSelect(id),
  onKeyDown: keyActivate(() => onSelect(id)),
});

export function ConveyorShape({ plan, live, selected, onSelect }: { plan: { id: string; start: Point; end: Point }; live: ConveyorLiveFragment | undefined; selected: boolean; onSelect: Select }) {
  const state = live?.state ?? "STOPPED";
  const stale = !live || live.stale;
  const color = deviceColor(CONVEYOR_COLORS, state, stale);
  const mid = { x: (plan.start.x + plan.end.x) / 2, y: (plan.start.y + plan.end.y) / 2 };
  const vertical = plan.start.x === plan.end.x;
  return (
    <g className={`device conveyor${stale ? " stale" : ""}${selected ? " selected" : ""}`} data-testid={`conveyor-${plan.id}`} data-state={live?.state ?? "UNKNOWN"} data-stale={stale} {...interactive(plan.id, `Conveyor ${plan.id}`, selected, onSelect)}>
      <line className="belt" x1={plan.start.x} y1={plan.start.y} x2={plan.end.x} y2={plan.end.y} stroke={color} strokeWidth={1.4} strokeDasharray={stale ? "0.6 0.4" : undefined} markerEnd="url(#flow)" />
      <title>{`${plan.id}: ${live ? `${live.state}, ${live.speed.toFixed(2)} m/s` : "no data"}${stale ? " (stale)" : ""}`}</title>
      <text className="label" x={mid.x + (vertical ? 1.1 : 0)} y={mid.y + (vertical ? -0.2 : -1.1)} textAnchor={vertical ? "start" : "middle"}>
        {plan.id.replace("CV-", "")}
      </text>
      <text className="label speed" x={mid.x + (vertical ? 1.1 : 0)} y={mid.y + (vertical ? 0.8 : 1.9)} textAnchor={vertical ? "start" : "middle"}>
        {live ? `${live.speed.toFixed(1)} m/s` : "—"}
      </text>
    </g>
  );
}

type ChutePlan = FloorLayout["sorters"][number]["chutes"][number];
type ChuteLive = SorterLiveFragment["chutes"][number];

function ChuteShape({ plan, live, stale }: { plan: ChutePlan; live: ChuteLive | undefined; stale: boolean }) {
  const size = 1.6;
  const fill = live ? Math.min(1, live.count / Math.max(1, live.capacity)) : 0;
  const x = plan.position.x - size / 2;
  const y = plan.position.y - size / 2;
  const disabled = live ? !live.enabled : false;
  return (
    <g className="chute" data-testid={`chute-${plan.id}`} data-full={live?.full ?? false} data-enabled={!disabled}>
      <title>{`${plan.id}: ${live ? `${live.count}/${live.capacity}` : "unknown"}${live?.full ? ", full" : ""}${disabled ? ", disabled" : ""}`}</title>
      <rect x={x} y={y} width={size} height={size} className="chute-box" stroke={live?.full ? "#e03131" : "#495057"} strokeWidth={live?.full ? 0.25 : 0.08} />
      <rect x={x} y={y + size * (1 - fill)} width={size} height={size * fill} fill={stale ? STALE_COLOR : live?.full ? "#ff8787" : "#74c0fc"} />
      {disabled && <path d={`M${x} ${y}L${x + size} ${y + size}M${x + size} ${y}L${x} ${y + size}`} stroke="#495057" strokeWidth={0.15} />}
      {live?.full && (
        <text className="chute-mark" x={plan.position.x} y={plan.position.y + 0.4} textAnchor="middle">
          F
        </text>
      )}
    </g>
  );
}

export function SorterShape({ plan, live, selected, onSelect }: { plan: FloorLayout["sorters"][number]; live: SorterLiveFragment | undefined; selected: boolean; onSelect: Select }) {
  const stale = !live || live.stale;
  const color = deviceColor(SORTER_COLORS, live?.state ?? "STOPPED", stale);
  const chutes = new Map(live?.chutes.map((c) => [c.id, c]));
  return (
    <g className={`device sorter${stale ? " stale" : ""}${selected ? " selected" : ""}`} data-testid={`sorter-${plan.id}`} data-state={live?.state ?? "UNKNOWN"} data-stale={stale} {...interactive(plan.id, `Sorter ${plan.id}`, selected, onSelect)}>
      <line className="belt" x1={plan.start.x} y1={plan.start.y} x2={plan.end.x} y2={plan.end.y} stroke={color} strokeWidth={2.4} strokeDasharray={stale ? "0.6 0.4" : undefined} />
      <text className="label" x={plan.start.x} y={plan.start.y - 1.5} textAnchor="middle">
        {plan.id} · {live ? `${Math.round(live.inductRate)} totes/h` : "—"}
      </text>
      {plan.chutes.map((chute) => (
        <ChuteShape key={chute.id} plan={chute} live={chutes.get(chute.id)} stale={stale} />
      ))}
    </g>
  );
}

export function RobotMarker({ live, selected, onSelect }: { live: RobotLiveFragment; selected: boolean; onSelect: Select }) {
  const color = deviceColor(ROBOT_COLORS, live.state, live.stale);
  const { x, y, heading } = live.position;
  const low = live.battery < live.batteryThreshold;
  return (
    <g
      className={`device robot${live.stale ? " stale" : ""}${selected ? " selected" : ""}`}
      data-testid={`robot-${live.id}`}
      data-state={live.state}
      data-stale={live.stale}
      data-x={x}
      data-y={y}
      // A CSS transform, not the attribute, so the move between two reports is animated.
      style={{ transform: `translate(${x}px, ${y}px)` }}
      {...interactive(live.id, `Robot ${live.id}`, selected, onSelect)}
    >
      <title>{`${live.id}: ${live.state}, battery ${Math.round(live.battery)}%${live.currentTask ? `, task ${live.currentTask}` : ""}${live.stale ? " (stale)" : ""}`}</title>
      <circle r={0.8} fill={color} stroke="#212529" strokeWidth={0.1} />
      <path d="M0.25 -0.35L0.95 0L0.25 0.35Z" fill="#fff" transform={`rotate(${(heading * 180) / Math.PI})`} />
      <text className="label robot-label" y={-1.1} textAnchor="middle">
        {live.id.replace("AMR-", "")}
      </text>
      <rect x={-0.8} y={1} width={1.6} height={0.3} fill="#dee2e6" />
      <rect x={-0.8} y={1} width={(1.6 * Math.max(0, Math.min(100, live.battery))) / 100} height={0.3} fill={low ? "#e03131" : "#40c057"} />
    </g>
  );
}
