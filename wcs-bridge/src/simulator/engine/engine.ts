import type { Floor } from "../floor.ts";
import { createRandom } from "../random.ts";
import { type Dynamics, type EngineContext, defaultDynamics } from "./context.ts";
import * as conveyors from "./conveyors.ts";
import { initialState } from "./initial-state.ts";
import * as robots from "./robots.ts";
import * as sorter from "./sorter.ts";
import { type CommandResult, type FloorEvent, type FloorState, refuse } from "./types.ts";
import * as zones from "./zones.ts";

export interface EngineOptions extends Partial<Dynamics> {
  seed: number;
  /** Where simulation time starts; the clock is read once, then time only moves with tick(). */
  clock?: () => number;
}

type Listener = (event: FloorEvent) => void;

/**
 * The simulated floor: state plus a tick step and the commands the PLCs accept. Time advances only
 * through tick(dtMs), and randomness only comes from the seed, so a run is reproducible.
 */
export class FloorEngine {
  readonly state: FloorState;
  readonly seed: number;
  readonly dynamics: Dynamics;
  private readonly ctx: EngineContext;
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly floor: Floor,
    options: EngineOptions,
  ) {
    const { seed, clock = Date.now, ...overrides } = options;
    this.seed = seed >>> 0;
    this.dynamics = { ...defaultDynamics, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
    const random = createRandom(this.seed);
    this.state = initialState(floor, random, this.dynamics, clock());
    this.ctx = { floor, state: this.state, random, dynamics: this.dynamics, emit: (e) => this.listeners.forEach((l) => l(e)) };
  }

  /** Scans and alarm changes, as they happen; returns the unsubscribe function. */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tick(dtMs: number): void {
    if (!(dtMs > 0)) return;
    this.state.now += dtMs;
    conveyors.feedSources(this.ctx, dtMs);
    // Downstream first, so a tote leaving a belt makes room for the one behind in the same tick.
    for (let i = this.state.conveyors.length - 1; i >= 0; i--) conveyors.stepConveyor(this.ctx, this.state.conveyors[i]!, dtMs);
    for (const s of this.state.sorters) sorter.stepSorter(this.ctx, s);
    for (const r of this.state.robots) robots.stepRobot(this.ctx, r, dtMs);
  }

  // Lookups: the address space reads these.
  conveyorStateName = conveyors.conveyorStateName;
  sorterStateName = sorter.sorterStateName;
  inductRate = sorter.inductRate;
  isChuteFull = sorter.isChuteFull;

  // Commands: unknown ids are refusals too, never exceptions.
  eStopZone = (zoneId: string) => this.withZone(zoneId, (z) => zones.eStopZone(this.ctx, z));
  resetZone = (zoneId: string) => this.withZone(zoneId, (z) => zones.resetZone(this.ctx, z));
  startConveyor = (id: string) => this.withConveyor(id, (c) => conveyors.startConveyor(this.ctx, c));
  stopConveyor = (id: string) => this.withConveyor(id, (c) => conveyors.stopConveyor(this.ctx, c));
  setConveyorSpeed = (id: string, speed: number) => this.withConveyor(id, (c) => conveyors.setConveyorSpeed(this.ctx, c, speed));
  resetConveyor = (id: string) => this.withConveyor(id, (c) => conveyors.resetConveyor(this.ctx, c));
  startSorter = (id: string) => this.withSorter(id, (s) => sorter.startSorter(this.ctx, s));
  stopSorter = (id: string) => this.withSorter(id, (s) => sorter.stopSorter(this.ctx, s));
  enableChute = (id: string, chuteId: string, enabled: boolean) => this.withSorter(id, (s) => sorter.enableChute(this.ctx, s, chuteId, enabled));
  divert = (id: string, toteId: string, chuteId: string) => this.withSorter(id, (s) => sorter.divert(this.ctx, s, toteId, chuteId));
  assignTask = (id: string, taskId: string, locationId: string) => this.withRobot(id, (r) => robots.assignTask(this.ctx, r, taskId, locationId));
  pauseRobot = (id: string) => this.withRobot(id, (r) => robots.pauseRobot(this.ctx, r));
  resumeRobot = (id: string) => this.withRobot(id, (r) => robots.resumeRobot(this.ctx, r));
  cancelRobot = (id: string) => this.withRobot(id, (r) => robots.cancelRobot(this.ctx, r));
  resetRobot = (id: string) => this.withRobot(id, (r) => robots.resetRobot(this.ctx, r));

  /** Puts a tote straight onto a sorter, as if it had come up the induct belt (tests, demos). */
  induct(sorterId: string, toteId: string): CommandResult {
    return this.withSorter(sorterId, (s) => {
      sorter.induct(this.ctx, s, toteId);
      return { accepted: true, reason: "" };
    });
  }

  private withZone(id: string, run: (z: FloorState["zones"][number]) => CommandResult): CommandResult {
    const zone = this.state.zones.find((z) => z.id === id);
    return zone ? run(zone) : refuse(`unknown zone ${id}`);
  }
  private withConveyor(id: string, run: (c: FloorState["conveyors"][number]) => CommandResult): CommandResult {
    const c = this.state.conveyors.find((c) => c.id === id);
    return c ? run(c) : refuse(`unknown conveyor ${id}`);
  }
  private withSorter(id: string, run: (s: FloorState["sorters"][number]) => CommandResult): CommandResult {
    const s = this.state.sorters.find((s) => s.id === id);
    return s ? run(s) : refuse(`unknown sorter ${id}`);
  }
  private withRobot(id: string, run: (r: FloorState["robots"][number]) => CommandResult): CommandResult {
    const r = this.state.robots.find((r) => r.id === id);
    return r ? run(r) : refuse(`unknown robot ${id}`);
  }
}
