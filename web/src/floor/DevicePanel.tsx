import type { ReactNode } from "react";
import type { ConveyorLiveFragment, RobotLiveFragment, SorterLiveFragment } from "../generated/graphql.ts";
import { ChuteTable } from "../controls/ChuteTable.tsx";
import { ConveyorControls } from "../controls/ConveyorControls.tsx";
import { RobotControls } from "../controls/RobotControls.tsx";
import type { RunCommand } from "../controls/useCommands.ts";
import { formatNumber, formatTime } from "../ui/format.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import type { FloorLayout } from "./layout.ts";

export type SelectedDevice =
  | { kind: "conveyor"; device: ConveyorLiveFragment }
  | { kind: "sorter"; device: SorterLiveFragment }
  | { kind: "robot"; device: RobotLiveFragment };

interface DevicePanelProps {
  selected: SelectedDevice | null;
  layout: FloorLayout;
  /** Present only for users who may command the floor. */
  run?: RunCommand | undefined;
  pending: boolean;
}

const zoneName = (layout: FloorLayout, id: string) => layout.zones.find((z) => z.id === id)?.name ?? id;

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The selected device's live figures and, for OPERATOR and up, its commands. */
export function DevicePanel({ selected, layout, run, pending }: DevicePanelProps) {
  if (!selected) return <p className="muted">Select a conveyor, the sorter or a robot on the map.</p>;
  const { kind, device } = selected;
  const common: [string, ReactNode][] = [
    ["State", <StatusBadge key="s" value={device.state} />],
    ["Zone", zoneName(layout, device.zone.id)],
    ["Last seen", `${formatTime(device.lastSeenAt)}${device.stale ? " (stale: PLC unreachable)" : ""}`],
  ];
  return (
    <section className="device-panel" aria-label={`${device.id} details`} data-testid="device-panel">
      <h3>
        {device.name} <small>{device.id}</small>
      </h3>
      {kind === "conveyor" && (
        <>
          <Facts rows={[...common, ["Speed", `${device.speed.toFixed(2)} m/s (setpoint ${device.setpoint.toFixed(2)})`], ["Totes", formatNumber(device.toteCount)]]} />
          {run && <ConveyorControls key={device.id} conveyor={device} run={run} pending={pending} />}
        </>
      )}
      {kind === "robot" && (
        <>
          <Facts
            rows={[
              ...common,
              ["Battery", `${device.battery.toFixed(0)}%${device.charging ? " (charging)" : ""}, threshold ${device.batteryThreshold}%`],
              ["Position", `${device.position.x.toFixed(1)}, ${device.position.y.toFixed(1)} m`],
              ["Task", device.currentTask ?? "—"],
              ["Errors", device.errors.map((e) => `${e.errorLevel}: ${e.description}`).join("; ") || "none"],
            ]}
          />
          {run && <RobotControls key={device.id} robot={device} waypoints={layout.waypoints} run={run} pending={pending} />}
        </>
      )}
      {kind === "sorter" && (
        <>
          <Facts rows={[...common, ["Induct rate", `${formatNumber(device.inductRate)} totes/h`], ["Totes", formatNumber(device.toteCount)], ["Recirculated", formatNumber(device.recirculated)]]} />
          <ChuteTable sorter={device} run={run} pending={pending} />
        </>
      )}
    </section>
  );
}
