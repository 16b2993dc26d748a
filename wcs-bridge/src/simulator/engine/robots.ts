import { deviceAlarmId, robotDevice } from "../../devices/index.ts";
import { type EngineContext, clearAlarm, raiseAlarm, zoneLabel, zoneOf } from "./context.ts";
import { type CommandResult, type RobotError, type RobotState, ok, refuse } from "./types.ts";

/** What can go wrong on a drive, in VDA 5050 terms. */
const DRIVE_ERRORS: RobotError[] = [
  { errorType: "obstacleBlocked", errorLevel: "WARNING", description: "Path blocked by an obstacle" },
  { errorType: "localizationLost", errorLevel: "WARNING", description: "Lost localization, waiting for help" },
  { errorType: "driveMotorFault", errorLevel: "FATAL", description: "Drive motor overcurrent" },
];
const BATTERY_EMPTY: RobotError = { errorType: "batteryEmpty", errorLevel: "FATAL", description: "Battery depleted" };

const alarmId = (r: RobotState) => deviceAlarmId(robotDevice, "ErrorAlarm", r.id);
const round = (n: number) => Math.round(n * 1000) / 1000;

function fail(ctx: EngineContext, r: RobotState, error: RobotError): void {
  r.state = "ERROR";
  r.charging = false;
  r.errors.push(error);
  raiseAlarm(ctx, alarmId(r), error.errorLevel === "FATAL" ? 800 : 500, r.id, `Robot ${r.id}: ${error.description}`);
}

function clearTask(r: RobotState): void {
  r.currentTask = "";
  r.targetLocationId = "";
  r.target = null;
  r.goingToCharge = false;
}

function goCharge(r: RobotState): void {
  clearTask(r);
  if (Math.hypot(r.home.x - r.x, r.home.y - r.y) < 0.01) {
    r.state = "CHARGING";
    r.charging = true;
  } else {
    r.state = "DRIVING";
    r.target = { ...r.home };
    r.goingToCharge = true;
  }
}

export function stepRobot(ctx: EngineContext, r: RobotState, dtMs: number): void {
  const seconds = dtMs / 1000;
  const { dynamics } = ctx;
  if (r.state === "DRIVING" && r.target) {
    const dx = r.target.x - r.x;
    const dy = r.target.y - r.y;
    const distance = Math.hypot(dx, dy);
    const step = r.speed * seconds;
    if (distance > 0) r.heading = round(Math.atan2(dy, dx));
    r.battery = Math.max(0, r.battery - dynamics.batteryDrainDriving * seconds);
    if (step >= distance) {
      r.x = r.target.x;
      r.y = r.target.y;
      if (r.goingToCharge) {
        clearTask(r);
        r.state = "CHARGING";
        r.charging = true;
      } else {
        clearTask(r);
        r.state = "IDLE";
      }
    } else {
      r.x = round(r.x + (dx / distance) * step);
      r.y = round(r.y + (dy / distance) * step);
      if (r.battery <= 0) fail(ctx, r, BATTERY_EMPTY);
      else if (ctx.random.chance(dynamics.errorProbability * seconds)) fail(ctx, r, ctx.random.pick(DRIVE_ERRORS));
    }
  } else if (r.state === "CHARGING") {
    r.battery = Math.min(100, r.battery + dynamics.batteryChargeRate * seconds);
    if (r.battery >= 100) {
      r.state = "IDLE";
      r.charging = false;
    }
  } else {
    r.battery = Math.max(0, r.battery - dynamics.batteryDrainIdle * seconds);
    if (r.state === "IDLE" && r.battery < r.batteryThreshold) goCharge(r);
  }
}

/** Where a location id can be reached: a named waypoint, or the front of the chute serving it. */
function locate(ctx: EngineContext, locationId: string): { x: number; y: number } | null {
  const waypoint = ctx.floor.waypoints.find((w) => w.locationId === locationId);
  if (waypoint) return { x: waypoint.x, y: waypoint.y };
  const chute = ctx.floor.sorters.flatMap((s) => s.chutes).find((c) => c.destination === locationId);
  return chute ? { ...chute.position } : null;
}

export function assignTask(ctx: EngineContext, r: RobotState, taskId: string, locationId: string): CommandResult {
  if (!taskId) return refuse("taskId is required");
  const target = locate(ctx, locationId);
  if (!target) return refuse(`location ${locationId} has no waypoint on this floor`);
  if (r.state === "ERROR") return refuse(`robot ${r.id} is in ERROR (${r.errors.map((e) => e.errorType).join(", ")})`);
  if (r.battery < r.batteryThreshold) return refuse(`robot ${r.id} battery ${r.battery.toFixed(1)}% is below its threshold of ${r.batteryThreshold}%`);
  if (zoneOf(ctx, r.zoneId)?.eStopped) return refuse(`zone ${zoneLabel(ctx, r.zoneId)} is emergency-stopped`);
  if (r.state === "PAUSED") return refuse(`robot ${r.id} is paused: Resume it first`);
  if (r.state === "DRIVING") return refuse(`robot ${r.id} is busy with task ${r.currentTask}: Cancel it first`);
  clearTask(r);
  r.state = "DRIVING";
  r.charging = false;
  r.currentTask = taskId;
  r.targetLocationId = locationId;
  r.target = target;
  return ok;
}

export function pauseRobot(_ctx: EngineContext, r: RobotState): CommandResult {
  if (r.state !== "IDLE" && r.state !== "DRIVING") return refuse(`robot ${r.id} is ${r.state} and cannot be paused`);
  r.pausedFrom = r.state;
  r.state = "PAUSED";
  return ok;
}

export function resumeRobot(ctx: EngineContext, r: RobotState): CommandResult {
  if (r.state !== "PAUSED") return refuse(`robot ${r.id} is not paused`);
  if (zoneOf(ctx, r.zoneId)?.eStopped) return refuse(`zone ${zoneLabel(ctx, r.zoneId)} is emergency-stopped: reset the zone first`);
  r.state = r.pausedFrom ?? "IDLE";
  r.charging = r.state === "CHARGING";
  r.pausedFrom = null;
  return ok;
}

/**
 * Drops the current task (the robot stays where it is), or acknowledges WARNING errors. A FATAL
 * error needs Reset: in the field that is someone walking up to the robot.
 */
export function cancelRobot(ctx: EngineContext, r: RobotState): CommandResult {
  if (r.state === "ERROR") {
    if (r.errors.some((e) => e.errorLevel === "FATAL")) return refuse(`robot ${r.id} has a FATAL error: Reset it`);
    return resetRobot(ctx, r);
  }
  if (!r.currentTask && !r.goingToCharge) return refuse(`robot ${r.id} has no task to cancel`);
  clearTask(r);
  if (r.state === "PAUSED") r.pausedFrom = "IDLE";
  else r.state = "IDLE";
  return ok;
}

/** Clears every error; the robot is IDLE where it stands (PAUSED if its zone is e-stopped). */
export function resetRobot(ctx: EngineContext, r: RobotState): CommandResult {
  r.errors = [];
  clearAlarm(ctx, alarmId(r));
  if (r.state === "ERROR") {
    clearTask(r);
    if (zoneOf(ctx, r.zoneId)?.eStopped) {
      r.state = "PAUSED";
      r.pausedFrom = "IDLE";
    } else r.state = "IDLE";
  }
  return ok;
}

/** An e-stop pauses the zone's robots (not those in ERROR); charging ones resume charging later. */
export function eStopRobot(r: RobotState): void {
  if (r.state === "ERROR" || r.state === "PAUSED") return;
  r.pausedFrom = r.state;
  r.state = "PAUSED";
  r.charging = false;
}
