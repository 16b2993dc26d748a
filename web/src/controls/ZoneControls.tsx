import { useState } from "react";
import { EmergencyStopDocument, ResetZoneDocument } from "../generated/graphql.ts";
import type { FloorLayout } from "../floor/layout.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import type { RunCommand } from "./useCommands.ts";

type Zone = FloorLayout["zones"][number];
type Pending = { zone: Zone; action: "estop" | "reset" } | null;

/** Emergency stop and reset per zone, each only after an explicit confirmation. */
export function ZoneControls({ zones, run, pending }: { zones: Zone[]; run: RunCommand; pending: boolean }) {
  const [asking, setAsking] = useState<Pending>(null);
  const confirm = () => {
    if (!asking) return;
    const { zone, action } = asking;
    setAsking(null);
    if (action === "estop") void run(EmergencyStopDocument, { zoneId: zone.id }, (d) => `Zone ${zone.code} emergency-stopped: ${d.emergencyStop.length} conveyors stopped, robots paused.`);
    else void run(ResetZoneDocument, { zoneId: zone.id }, (d) => `Zone ${zone.code} reset: ${d.resetZone.length} conveyors released (stopped; start them when safe).`);
  };
  return (
    <div className="zone-controls">
      {zones.map((zone) => (
        <div key={zone.id} className="zone-row" data-testid={`zone-controls-${zone.code}`}>
          <span>
            {zone.code} · {zone.name}
          </span>
          <button type="button" className="danger" disabled={pending} onClick={() => setAsking({ zone, action: "estop" })}>
            Emergency stop
          </button>
          <button type="button" disabled={pending} onClick={() => setAsking({ zone, action: "reset" })}>
            Reset zone
          </button>
        </div>
      ))}
      {asking && (
        <ConfirmDialog
          title={asking.action === "estop" ? `Emergency stop zone ${asking.zone.code}?` : `Reset zone ${asking.zone.code}?`}
          confirmLabel={asking.action === "estop" ? "Stop the zone" : "Reset the zone"}
          onConfirm={confirm}
          onCancel={() => setAsking(null)}
        >
          {asking.action === "estop" ? (
            <p>Every conveyor and the sorter in {asking.zone.name} stop at once and its robots pause. Nothing restarts until the zone is reset.</p>
          ) : (
            <p>The e-stop of {asking.zone.name} is released. Belts stay stopped and robots paused until started or resumed.</p>
          )}
        </ConfirmDialog>
      )}
    </div>
  );
}
