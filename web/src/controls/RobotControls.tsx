import { useState } from "react";
import { CancelRobotTaskDocument, DispatchRobotDocument, PauseRobotDocument, ResumeRobotDocument, type RobotLiveFragment } from "../generated/graphql.ts";
import type { FloorLayout } from "../floor/layout.ts";
import { humanize } from "../ui/format.ts";
import type { RunCommand } from "./useCommands.ts";

const said = (verb: string) => (r: RobotLiveFragment) => `${r.id} ${verb}: now ${humanize(r.state)}${r.currentTask ? ` (task ${r.currentTask})` : ""}.`;

export function RobotControls({ robot, waypoints, run, pending }: { robot: RobotLiveFragment; waypoints: FloorLayout["waypoints"]; run: RunCommand; pending: boolean }) {
  const [target, setTarget] = useState(waypoints[0]?.locationId ?? "");
  const robotId = robot.id;
  return (
    <div className="controls" aria-label="robot controls">
      <button type="button" disabled={pending} onClick={() => run(PauseRobotDocument, { robotId }, (d) => said("paused")(d.pauseRobot))}>
        Pause
      </button>
      <button type="button" disabled={pending} onClick={() => run(ResumeRobotDocument, { robotId }, (d) => said("resumed")(d.resumeRobot))}>
        Resume
      </button>
      <button type="button" disabled={pending} onClick={() => run(CancelRobotTaskDocument, { robotId }, (d) => said("task cancelled")(d.cancelRobotTask))}>
        Cancel task
      </button>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void run(DispatchRobotDocument, { robotId, locationId: target }, (d) => said("dispatched")(d.dispatchRobot));
        }}
      >
        <label>
          Destination
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            {waypoints.map((w) => (
              <option key={w.locationId} value={w.locationId}>
                {w.code} ({humanize(w.kind)})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={pending || !target}>
          Dispatch
        </button>
      </form>
    </div>
  );
}
