import { useState } from "react";
import { ResetConveyorDocument, SetConveyorSpeedDocument, StartConveyorDocument, StopConveyorDocument, type ConveyorLiveFragment } from "../generated/graphql.ts";
import { humanize } from "../ui/format.ts";
import type { RunCommand } from "./useCommands.ts";

const said = (verb: string) => (c: ConveyorLiveFragment) => `${c.id} ${verb}: now ${humanize(c.state)} at ${c.speed.toFixed(1)} m/s.`;

export function ConveyorControls({ conveyor, run, pending }: { conveyor: ConveyorLiveFragment; run: RunCommand; pending: boolean }) {
  const [speed, setSpeed] = useState(String(conveyor.setpoint));
  const { id } = conveyor;
  return (
    <div className="controls" aria-label="conveyor controls">
      <button type="button" disabled={pending} onClick={() => run(StartConveyorDocument, { id }, (d) => said("start")(d.startConveyor))}>
        Start
      </button>
      <button type="button" disabled={pending} onClick={() => run(StopConveyorDocument, { id }, (d) => said("stop")(d.stopConveyor))}>
        Stop
      </button>
      <button type="button" disabled={pending} onClick={() => run(ResetConveyorDocument, { id }, (d) => said("reset")(d.resetConveyor))}>
        Reset
      </button>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void run(SetConveyorSpeedDocument, { id, speed: Number(speed) }, (d) => said("speed set")(d.setConveyorSpeed));
        }}
      >
        <label>
          Speed (m/s)
          <input type="number" step={0.1} min={conveyor.minSpeed} max={conveyor.maxSpeed} value={speed} onChange={(e) => setSpeed(e.target.value)} />
        </label>
        <button type="submit" disabled={pending}>
          Set speed
        </button>
      </form>
    </div>
  );
}
