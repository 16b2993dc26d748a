import { deviceAlarmId, zoneDevice } from "../../devices/index.ts";
import { type EngineContext, clearAlarm, raiseAlarm } from "./context.ts";
import { eStopRobot } from "./robots.ts";
import { type CommandResult, type ZoneState, ok } from "./types.ts";

const alarmId = (z: ZoneState) => deviceAlarmId(zoneDevice, "EStopAlarm", z.id);

/** Everything in the zone stops at once: belts and sorters ESTOPPED, robots PAUSED. */
export function eStopZone(ctx: EngineContext, zone: ZoneState): CommandResult {
  zone.eStopped = true;
  for (const c of ctx.state.conveyors.filter((c) => c.zoneId === zone.id)) {
    c.eStopped = true;
    c.running = false;
    c.speed = 0;
  }
  for (const s of ctx.state.sorters.filter((s) => s.zoneId === zone.id)) {
    s.eStopped = true;
    s.running = false;
  }
  for (const r of ctx.state.robots.filter((r) => r.zoneId === zone.id)) eStopRobot(r);
  raiseAlarm(ctx, alarmId(zone), 1000, zone.id, `Emergency stop in zone ${zone.code} (${zone.name})`);
  return ok;
}

/**
 * Releases the e-stop. Nothing restarts by itself: belts and sorters come back STOPPED (or still
 * JAMMED), robots stay PAUSED until someone resumes them.
 */
export function resetZone(ctx: EngineContext, zone: ZoneState): CommandResult {
  zone.eStopped = false;
  for (const c of ctx.state.conveyors.filter((c) => c.zoneId === zone.id)) c.eStopped = false;
  for (const s of ctx.state.sorters.filter((s) => s.zoneId === zone.id)) s.eStopped = false;
  clearAlarm(ctx, alarmId(zone));
  return ok;
}
