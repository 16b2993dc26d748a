import type { LiveFloorState } from "../../bridge/state/live-floor-state.ts";
import type { ConveyorRecord, SorterRecord } from "../../bridge/state/types.ts";

export const THROUGHPUT_WINDOW_MS = 5 * 60_000;
/** Below this much history a rate is not yet meaningful and reads as 0. */
const MIN_SPAN_MS = 5_000;

interface Sample {
  at: number;
  total: number;
}

/**
 * One PLC counter turned into a rate. The PLC's counters restart from 0 when it does, so the meter
 * keeps its own running total: a counter that goes down counts as a restart, not as negative totes.
 */
class CounterRate {
  private last: number | null = null;
  private total = 0;
  private samples: Sample[] = [];

  observe(raw: number, at: number): void {
    if (this.last !== null && raw === this.last) return;
    this.total += this.last === null ? 0 : raw >= this.last ? raw - this.last : raw;
    this.last = raw;
    this.samples.push({ at, total: this.total });
    // Keep one sample from before the window: the count at the window's start.
    const start = at - THROUGHPUT_WINDOW_MS;
    while (this.samples.length > 1 && (this.samples[1] as Sample).at <= start) this.samples.shift();
  }

  /** Counts per hour over the window ending now. */
  perHour(now: number): number {
    const start = now - THROUGHPUT_WINDOW_MS;
    let anchor = this.samples[0];
    if (!anchor) return 0;
    for (const sample of this.samples) if (sample.at <= start) anchor = sample;
    const span = now - Math.max(anchor.at, start);
    if (span < MIN_SPAN_MS) return 0;
    return ((this.total - anchor.total) / span) * 3_600_000;
  }
}

/**
 * Totes per hour out of each zone and out of the floor, from the PLCs' tote counters. A zone's
 * totes leave through its exits: conveyors that discharge outside the zone (or off the floor) and
 * its sorters (totes diverted to chutes: inducted minus recirculated). The floor's totes are those
 * sorted plus those leaving off the end of a line.
 */
export class ThroughputMeter {
  private readonly counters = new Map<string, CounterRate>();
  private readonly zoneExits = new Map<string, string[]>();
  private readonly floorExits: string[] = [];
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly state: LiveFloorState) {
    const zoneOf = new Map<string, string>();
    for (const c of state.layout.conveyors) zoneOf.set(c.id, c.zoneId);
    for (const s of state.layout.sorters) zoneOf.set(s.id, s.zoneId);
    const addExit = (zoneId: string, key: string) => this.zoneExits.set(zoneId, [...(this.zoneExits.get(zoneId) ?? []), key]);
    for (const c of state.layout.conveyors) {
      if (c.feeds === null || zoneOf.get(c.feeds) !== c.zoneId) addExit(c.zoneId, `${c.id}/out`);
      if (c.feeds === null) this.floorExits.push(`${c.id}/out`);
    }
    for (const s of state.layout.sorters) {
      addExit(s.zoneId, `${s.id}/sorted`);
      this.floorExits.push(`${s.id}/sorted`);
    }
    for (const c of state.conveyors()) this.conveyor(c);
    for (const s of state.sorters()) this.sorter(s);
    this.unsubscribe = [state.on("conveyor", (c) => this.conveyor(c)), state.on("sorter", (s) => this.sorter(s))];
  }

  /** Totes per hour out of the zone, or out of the floor when zoneId is null. */
  totesPerHour(zoneId: string | null, now = Date.now()): number {
    const keys = zoneId === null ? this.floorExits : (this.zoneExits.get(zoneId) ?? []);
    const sum = keys.reduce((acc, key) => acc + this.rate(key, now), 0);
    return Math.round(Math.max(sum, 0) * 10) / 10;
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
  }

  private rate(key: string, now: number): number {
    if (key.endsWith("/sorted")) {
      const id = key.slice(0, -"/sorted".length);
      return (this.counters.get(`${id}/inducted`)?.perHour(now) ?? 0) - (this.counters.get(`${id}/recirculated`)?.perHour(now) ?? 0);
    }
    return this.counters.get(key)?.perHour(now) ?? 0;
  }

  private observe(key: string, raw: number, at: number): void {
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = new CounterRate()));
    counter.observe(raw, at);
  }

  private conveyor(c: ConveyorRecord): void {
    if (c.lastSeenAt) this.observe(`${c.id}/out`, c.toteCount, c.lastSeenAt.getTime());
  }

  private sorter(s: SorterRecord): void {
    if (!s.lastSeenAt) return;
    this.observe(`${s.id}/inducted`, s.toteCount, s.lastSeenAt.getTime());
    this.observe(`${s.id}/recirculated`, s.recirculated, s.lastSeenAt.getTime());
  }
}
