import { useState } from "react";
import { usePermissions } from "../app/session.tsx";
import { AlarmsPanel } from "../alarms/AlarmsPanel.tsx";
import { useAlarms } from "../alarms/useAlarms.ts";
import { CommandResult } from "../controls/CommandResult.tsx";
import { useCommands } from "../controls/useCommands.ts";
import { ZoneControls } from "../controls/ZoneControls.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import type { SelectedDevice } from "./DevicePanel.tsx";
import { DevicePanel } from "./DevicePanel.tsx";
import { FloorMap, unplacedDevices } from "./FloorMap.tsx";
import { FLOOR_LAYOUT } from "./layout.ts";
import { Legend } from "./Legend.tsx";
import { useFloorStatus } from "./useFloorStatus.ts";
import { useLiveFloor } from "./useLiveFloor.ts";

export function FloorPage() {
  const permissions = usePermissions();
  const floor = useLiveFloor();
  const { status } = useFloorStatus();
  const alarms = useAlarms();
  const commands = useCommands();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const run = permissions.control ? commands.run : undefined;

  const selected: SelectedDevice | null = (() => {
    if (!selectedId) return null;
    const conveyor = floor.conveyors.get(selectedId);
    if (conveyor) return { kind: "conveyor", device: conveyor };
    const sorter = floor.sorters.get(selectedId);
    if (sorter) return { kind: "sorter", device: sorter };
    const robot = floor.robots.get(selectedId);
    return robot ? { kind: "robot", device: robot } : null;
  })();
  const unplaced = unplacedDevices(FLOOR_LAYOUT, floor.conveyors, floor.sorters);

  return (
    <div className="floor-page">
      <div className="map-column">
        <header className="floor-header">
          <h1>
            Floor · {FLOOR_LAYOUT.warehouse.code} {FLOOR_LAYOUT.warehouse.name}
          </h1>
          {status && (
            <span className={status.connected ? "link ok" : "link down"} data-testid="floor-link">
              {status.connected ? "PLC connected" : "PLC unreachable: every device is stale"}
              {status.staleDevices > 0 && status.connected && ` · ${status.staleDevices} stale`}
            </span>
          )}
        </header>
        <ErrorBanner error={floor.error} />
        {floor.loading ? <p className="muted">Loading the floor…</p> : <FloorMap layout={FLOOR_LAYOUT} {...floor} selected={selectedId} onSelect={setSelectedId} />}
        <Legend />
        {unplaced.length > 0 && <p className="muted">Not on the plan: {unplaced.join(", ")}</p>}
      </div>
      <aside className="side-column">
        <DevicePanel selected={selected} layout={FLOOR_LAYOUT} run={run} pending={commands.pending} />
        {run && (
          <section aria-label="zones">
            <h2>Zones</h2>
            <ZoneControls zones={FLOOR_LAYOUT.zones} run={run} pending={commands.pending} />
          </section>
        )}
        <CommandResult outcome={commands.outcome} />
        <AlarmsPanel alarms={alarms.alarms} canAcknowledge={permissions.control} onAcknowledged={alarms.update} />
      </aside>
    </div>
  );
}
