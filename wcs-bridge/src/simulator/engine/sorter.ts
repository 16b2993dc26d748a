import { chuteDevice, deviceAlarmId } from "../../devices/index.ts";
import { hashString } from "../random.ts";
import { type EngineContext, clearAlarm, raiseAlarm, zoneLabel, zoneOf } from "./context.ts";
import { type ChuteState, type CommandResult, type SorterState, type SorterStateName, ok, refuse } from "./types.ts";

/** Divert commands kept for totes not yet on the sorter; older ones are forgotten first. */
const MAX_ROUTES = 1000;

export function sorterStateName(s: SorterState): SorterStateName {
  if (s.eStopped) return "ESTOPPED";
  if (s.fault) return "FAULT";
  return s.running ? "RUNNING" : "STOPPED";
}

export const isChuteFull = (c: ChuteState) => c.contents.length >= c.capacity;
/** Totes per hour, measured over the last minute. */
export const inductRate = (s: SorterState) => s.inductTimes.length * 60;

const fullAlarmId = (c: ChuteState) => deviceAlarmId(chuteDevice, "FullAlarm", c.id);
const chutesOf = (ctx: EngineContext, s: SorterState) => ctx.state.chutes.filter((c) => c.sorterId === s.id);

function whyNot(c: ChuteState): string | null {
  if (!c.enabled) return `chute ${c.id} is disabled`;
  if (isChuteFull(c)) return `chute ${c.id} is full (${c.contents.length}/${c.capacity})`;
  return null;
}

/** A tote reaches the sorter: it waits for a Divert until the decision window closes. */
export function induct(ctx: EngineContext, s: SorterState, toteId: string): void {
  s.toteCount++;
  s.inductTimes.push(ctx.state.now);
  s.pending.push({ toteId, decideAt: ctx.state.now + s.decisionWindowMs });
}

function recirculate(ctx: EngineContext, s: SorterState, toteId: string): void {
  s.recirculated++;
  s.recirculating.push({ toteId, returnAt: ctx.state.now + s.recirculationMs });
}

function dropInto(ctx: EngineContext, chute: ChuteState, toteId: string): void {
  chute.contents.push(toteId);
  if (isChuteFull(chute)) raiseAlarm(ctx, fullAlarmId(chute), 300, chute.id, `Chute ${chute.id} is full`);
}

/** Without a Divert, a tote goes to a chute chosen by its id's hash among the usable ones. */
function defaultChute(ctx: EngineContext, s: SorterState, toteId: string): ChuteState | null {
  const usable = chutesOf(ctx, s).filter((c) => whyNot(c) === null);
  return usable.length ? (usable[hashString(toteId) % usable.length] as ChuteState) : null;
}

export function stepSorter(ctx: EngineContext, s: SorterState): void {
  const now = ctx.state.now;
  while (s.inductTimes[0] !== undefined && s.inductTimes[0] <= now - 60_000) s.inductTimes.shift();
  if (sorterStateName(s) === "RUNNING") {
    for (const r of s.recirculating.filter((r) => r.returnAt <= now)) {
      s.pending.push({ toteId: r.toteId, decideAt: now + s.decisionWindowMs });
    }
    s.recirculating = s.recirculating.filter((r) => r.returnAt > now);
    const stillPending = [];
    for (const p of s.pending) {
      const routed = s.routes[p.toteId];
      if (routed === undefined && p.decideAt > now) {
        stillPending.push(p);
        continue;
      }
      delete s.routes[p.toteId];
      const requested = routed === undefined ? undefined : ctx.state.chutes.find((c) => c.id === routed);
      const chute = requested && whyNot(requested) === null ? requested : routed === undefined ? defaultChute(ctx, s, p.toteId) : null;
      if (chute) dropInto(ctx, chute, p.toteId);
      else recirculate(ctx, s, p.toteId);
    }
    s.pending = stillPending;
  }
  // Packers work whether or not the sorter runs: each visit takes one tote to the outbound line.
  for (const chute of chutesOf(ctx, s)) {
    if (now < chute.nextPackAt) continue;
    chute.nextPackAt = now + Math.round(ctx.dynamics.packIntervalMs * (0.5 + ctx.random.next()));
    if (chute.contents.length === 0 || ctx.state.packedWaiting.length >= 50) continue;
    ctx.state.packedWaiting.push(chute.contents.shift() as string);
    if (!isChuteFull(chute)) clearAlarm(ctx, fullAlarmId(chute));
  }
}

/**
 * Routes a tote: immediately if it is waiting on the sorter, else remembered for when it arrives.
 * A full or disabled chute is refused and a waiting tote recirculates.
 */
export function divert(ctx: EngineContext, s: SorterState, toteId: string, chuteId: string): CommandResult {
  if (!toteId) return refuse("toteId is required");
  const chute = ctx.state.chutes.find((c) => c.id === chuteId && c.sorterId === s.id);
  if (!chute) return refuse(`unknown chute ${chuteId} on sorter ${s.id}`);
  const index = s.pending.findIndex((p) => p.toteId === toteId);
  const problem = whyNot(chute);
  if (problem) {
    delete s.routes[toteId];
    if (index >= 0) {
      s.pending.splice(index, 1);
      recirculate(ctx, s, toteId);
    }
    return refuse(index >= 0 ? `${problem}: tote ${toteId} recirculates` : problem);
  }
  if (index >= 0 && sorterStateName(s) === "RUNNING") {
    s.pending.splice(index, 1);
    dropInto(ctx, chute, toteId);
    return ok;
  }
  s.routes[toteId] = chuteId;
  const keys = Object.keys(s.routes);
  if (keys.length > MAX_ROUTES) delete s.routes[keys[0] as string];
  return ok;
}

export function enableChute(ctx: EngineContext, s: SorterState, chuteId: string, enabled: boolean): CommandResult {
  const chute = ctx.state.chutes.find((c) => c.id === chuteId && c.sorterId === s.id);
  if (!chute) return refuse(`unknown chute ${chuteId} on sorter ${s.id}`);
  chute.enabled = enabled;
  return ok;
}

export function startSorter(ctx: EngineContext, s: SorterState): CommandResult {
  if (zoneOf(ctx, s.zoneId)?.eStopped) return refuse(`zone ${zoneLabel(ctx, s.zoneId)} is emergency-stopped: reset the zone first`);
  if (s.fault) return refuse(`sorter ${s.id} has a fault`);
  s.running = true;
  return ok;
}

export function stopSorter(_ctx: EngineContext, s: SorterState): CommandResult {
  s.running = false;
  return ok;
}
