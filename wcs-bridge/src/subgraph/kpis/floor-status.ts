import type { LiveFloorState } from "../../bridge/state/live-floor-state.ts";
import type { Freshness } from "../../bridge/state/types.ts";
import { CONNECTION_ALARM_ID, type AlarmView } from "../alarms.ts";
import type { FloorStatusParent } from "../mappers.ts";
import { ThroughputMeter } from "./throughput.ts";

type DeviceKind = "CONVEYOR" | "SORTER" | "ROBOT";

/**
 * Aggregate KPIs of the floor or of one zone, from the live state: totes per hour, devices by
 * state, stale devices and active alarms. Cheap to compute (a pass over a few dozen records), so it
 * is computed when asked rather than kept up to date.
 */
export class FloorStatusView {
  private readonly meter: ThroughputMeter;
  /** Device id (conveyor, sorter, chute, robot, scanner, zone) → its zone. */
  private readonly zoneOfDevice = new Map<string, string>();

  constructor(
    private readonly state: LiveFloorState,
    private readonly alarms: AlarmView,
    private readonly endpointUrl: string,
  ) {
    this.meter = new ThroughputMeter(state);
    const { layout } = state;
    for (const z of layout.zones) this.zoneOfDevice.set(z.id, z.id);
    for (const c of layout.conveyors) this.zoneOfDevice.set(c.id, c.zoneId);
    for (const r of layout.robots) this.zoneOfDevice.set(r.id, r.zoneId);
    for (const s of layout.sorters) {
      this.zoneOfDevice.set(s.id, s.zoneId);
      for (const chute of s.chutes) this.zoneOfDevice.set(chute.id, s.zoneId);
    }
    for (const s of layout.scanners) {
      const zone = this.zoneOfDevice.get(s.conveyorId);
      if (zone) this.zoneOfDevice.set(s.id, zone);
    }
  }

  hasZone(zoneId: string): boolean {
    return this.state.zone(zoneId) !== undefined;
  }

  /** The floor's status, or the zone's when zoneId is given (the caller checks that it exists). */
  of(zoneId: string | null, now = new Date()): FloorStatusParent {
    const inZone = (d: { zoneId: string }) => zoneId === null || d.zoneId === zoneId;
    const counts = new Map<string, { kind: DeviceKind; state: string; count: number }>();
    let staleDevices = 0;
    const count = (kind: DeviceKind, devices: (Freshness & { zoneId: string; state: string })[]) => {
      for (const d of devices.filter(inZone)) {
        const key = `${kind}/${d.state}`;
        const entry = counts.get(key) ?? { kind, state: d.state, count: 0 };
        entry.count++;
        counts.set(key, entry);
        if (d.stale) staleDevices++;
      }
    };
    count("CONVEYOR", this.state.conveyors());
    count("SORTER", this.state.sorters());
    count("ROBOT", this.state.robots());
    const activeAlarms = this.alarms
      .active()
      .filter((a) => zoneId === null || a.id === CONNECTION_ALARM_ID || this.zoneOfDevice.get(a.deviceId) === zoneId).length;
    return {
      zoneId,
      connected: this.state.connected,
      endpointUrl: this.endpointUrl,
      totesPerHour: this.meter.totesPerHour(zoneId, now.getTime()),
      activeAlarms,
      staleDevices,
      devicesByState: [...counts.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.state.localeCompare(b.state)),
      at: now,
    };
  }

  dispose(): void {
    this.meter.dispose();
  }
}
