import { conveyorDevice, deviceAlarmId } from "../../devices/index.ts";
import { type EngineContext, TOTE_PITCH, clearAlarm, raiseAlarm, zoneLabel, zoneOf } from "./context.ts";
import { induct, sorterStateName } from "./sorter.ts";
import { type CommandResult, type ConveyorState, type ConveyorStateName, ok, refuse } from "./types.ts";

export function conveyorStateName(c: ConveyorState): ConveyorStateName {
  if (c.eStopped) return "ESTOPPED";
  if (c.fault === "JAM") return "JAMMED";
  if (c.fault === "FAULT") return "FAULT";
  return c.running ? "RUNNING" : "STOPPED";
}

const jamAlarmId = (c: ConveyorState) => deviceAlarmId(conveyorDevice, "JamAlarm", c.id);
const toteId = (n: number) => `TOTE-${String(n).padStart(6, "0")}`;

/** Room for one more tote at the start of a running belt. */
function hasRoomAtStart(c: ConveyorState): boolean {
  const back = c.totes[c.totes.length - 1];
  return conveyorStateName(c) === "RUNNING" && (!back || back.position >= TOTE_PITCH);
}

/** Hands a tote from a belt's end to whatever it feeds; false leaves it waiting at the end. */
function handOver(ctx: EngineContext, feeds: string | null, id: string): boolean {
  if (feeds === null) {
    ctx.state.shipped++;
    return true;
  }
  const next = ctx.state.conveyors.find((c) => c.id === feeds);
  if (next) {
    if (!hasRoomAtStart(next)) return false;
    next.totes.push({ id, position: 0 });
    return true;
  }
  const sorter = ctx.state.sorters.find((s) => s.id === feeds);
  if (!sorter || sorterStateName(sorter) !== "RUNNING") return false;
  induct(ctx, sorter, id);
  return true;
}

/** New totes from receiving and from the packers enter at the start of their source belts. */
export function feedSources(ctx: EngineContext, dtMs: number): void {
  const { state, dynamics, random } = ctx;
  if (random.chance((dynamics.arrivalsPerMinute / 60_000) * dtMs) && state.arrivalsWaiting < 50) state.arrivalsWaiting++;
  for (const c of state.conveyors) {
    if (c.source === "RECEIVING" && state.arrivalsWaiting > 0 && hasRoomAtStart(c)) {
      state.arrivalsWaiting--;
      c.totes.push({ id: toteId(state.nextToteNumber++), position: 0 });
    }
    if (c.source === "PACKING" && state.packedWaiting.length > 0 && hasRoomAtStart(c)) {
      c.totes.push({ id: state.packedWaiting.shift() as string, position: 0 });
    }
  }
}

export function stepConveyor(ctx: EngineContext, c: ConveyorState, dtMs: number): void {
  if (c.eStopped || c.fault) {
    c.speed = 0; // an e-stop or a jam brakes at once, it does not ramp down
  } else {
    const target = c.running ? c.setpoint : 0;
    const maxDelta = (ctx.dynamics.conveyorAcceleration * dtMs) / 1000;
    c.speed = Math.abs(target - c.speed) <= maxDelta ? target : c.speed + Math.sign(target - c.speed) * maxDelta;
  }
  if (c.speed <= 0) return;

  // Totes ride the belt but never closer than a pitch to the one ahead, and wait at the end.
  const travel = (c.speed * dtMs) / 1000;
  let limit = c.length;
  for (const tote of c.totes) {
    const before = tote.position;
    tote.position = Math.max(before, Math.min(before + travel, limit));
    limit = tote.position - TOTE_PITCH;
    for (const scanner of ctx.state.scanners) {
      if (scanner.conveyorId === c.id && before < scanner.offset && tote.position >= scanner.offset) {
        scanner.lastToteId = tote.id;
        scanner.scanCount++;
        ctx.emit({ kind: "scan", scannerId: scanner.id, conveyorId: c.id, toteId: tote.id, at: ctx.state.now });
      }
    }
  }
  while (c.totes[0] && c.totes[0].position >= c.length) {
    if (!handOver(ctx, c.feeds, c.totes[0].id)) break;
    c.totes.shift();
    c.toteCount++;
    if (ctx.random.chance(ctx.dynamics.jamProbability)) {
      c.fault = "JAM";
      c.speed = 0;
      raiseAlarm(ctx, jamAlarmId(c), 700, c.id, `Conveyor ${c.id} jammed at its discharge`);
      break;
    }
  }
}

export function startConveyor(ctx: EngineContext, c: ConveyorState): CommandResult {
  if (zoneOf(ctx, c.zoneId)?.eStopped) return refuse(`zone ${zoneLabel(ctx, c.zoneId)} is emergency-stopped: reset the zone first`);
  if (c.fault === "JAM") return refuse(`conveyor ${c.id} is jammed: Reset it before Start`);
  if (c.fault === "FAULT") return refuse(`conveyor ${c.id} has a fault: Reset it before Start`);
  c.running = true;
  return ok;
}

export function stopConveyor(_ctx: EngineContext, c: ConveyorState): CommandResult {
  c.running = false;
  return ok;
}

export function setConveyorSpeed(_ctx: EngineContext, c: ConveyorState, speed: number): CommandResult {
  if (!Number.isFinite(speed) || speed < c.minSpeed || speed > c.maxSpeed) {
    return refuse(`speed ${speed} m/s is outside [${c.minSpeed}, ${c.maxSpeed}]`);
  }
  c.setpoint = speed;
  return ok;
}

/** Clears a jam or fault; the belt stays stopped until someone starts it again. */
export function resetConveyor(ctx: EngineContext, c: ConveyorState): CommandResult {
  if (c.fault) {
    c.fault = null;
    c.running = false;
    clearAlarm(ctx, jamAlarmId(c));
  }
  return ok;
}
