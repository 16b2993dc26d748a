import type { Floor } from "../floor.ts";
import type { Random } from "../random.ts";
import type { Alarm, FloorEvent, FloorState } from "./types.ts";

/** Tunable dynamics; every probability can be 0 to make a run fully predictable. */
export interface Dynamics {
  /** Totes arriving at receiving (on the RECEIVING conveyor) per minute. */
  arrivalsPerMinute: number;
  /** Chance that a conveyor jams as a tote passes its end. */
  jamProbability: number;
  /** Chance per second of driving that a robot reports an error. */
  errorProbability: number;
  /** Mean time between packer visits to one chute; each visit takes one tote. */
  packIntervalMs: number;
  /** Belt acceleration, m/s². */
  conveyorAcceleration: number;
  /** Battery percent per second: used while driving, while standing, gained while charging. */
  batteryDrainDriving: number;
  batteryDrainIdle: number;
  batteryChargeRate: number;
}

export const defaultDynamics: Dynamics = {
  arrivalsPerMinute: 30,
  jamProbability: 0.002,
  errorProbability: 0.001,
  packIntervalMs: 20_000,
  conveyorAcceleration: 2,
  batteryDrainDriving: 0.05,
  batteryDrainIdle: 0.002,
  batteryChargeRate: 0.5,
};

/** Minimum gap between two totes on a belt (tote length plus a little), metres. */
export const TOTE_PITCH = 0.8;

/** What the step functions and commands share. */
export interface EngineContext {
  floor: Floor;
  state: FloorState;
  random: Random;
  dynamics: Dynamics;
  emit(event: FloorEvent): void;
}

export function raiseAlarm(ctx: EngineContext, id: string, severity: number, deviceId: string, message: string): void {
  if (ctx.state.alarms.some((a) => a.id === id)) return;
  const alarm: Alarm = { id, severity, deviceId, message, raisedAt: new Date(ctx.state.now).toISOString() };
  ctx.state.alarms.push(alarm);
  ctx.emit({ kind: "alarmRaised", alarm });
}

export function clearAlarm(ctx: EngineContext, id: string): void {
  const index = ctx.state.alarms.findIndex((a) => a.id === id);
  if (index < 0) return;
  const [alarm] = ctx.state.alarms.splice(index, 1);
  if (alarm) ctx.emit({ kind: "alarmCleared", alarm });
}

export const zoneOf = (ctx: EngineContext, zoneId: string) => ctx.state.zones.find((z) => z.id === zoneId);
export const zoneLabel = (ctx: EngineContext, zoneId: string) => zoneOf(ctx, zoneId)?.code ?? zoneId;
