import { CONVEYOR_COLORS, ROBOT_COLORS, STALE_COLOR } from "./colors.ts";
import { humanize } from "../ui/format.ts";

const swatches = (colors: Record<string, string>) =>
  Object.entries(colors).map(([state, color]) => (
    <span key={state} className="swatch">
      <i style={{ background: color }} /> {humanize(state)}
    </span>
  ));

export function Legend() {
  return (
    <div className="legend" aria-label="legend">
      <div>
        <b>Belts</b> {swatches(CONVEYOR_COLORS)}
      </div>
      <div>
        <b>Robots</b> {swatches(ROBOT_COLORS)}
      </div>
      <div>
        <span className="swatch">
          <i style={{ background: STALE_COLOR }} /> stale (PLC unreachable)
        </span>
        <span className="swatch">chute: fill level, <b>F</b> full, ✕ disabled</span>
      </div>
    </div>
  );
}
