import type { DeviceKind } from "../../simulator/address-space/contract.ts";
import type { Floor } from "../../simulator/floor.ts";
import { initialRecords } from "./initial-records.ts";
import { TypedListeners } from "./listeners.ts";
import { chuteSetters, conveyorSetters, parseActiveAlarms, robotSetters, scannerSetters, sorterSetters, zoneSetters } from "./parse.ts";
import type {
  AlarmRecord,
  ChuteRecord,
  ConveyorRecord,
  FloorStateEvents,
  Freshness,
  RobotRecord,
  ScannerRecord,
  SorterRecord,
  ToteScan,
  ZoneRecord,
} from "./types.ts";

/** One variable's new value, addressed as in the contract: `Conveyor`, `CV-INB-01`, `Speed`. */
export interface VariableUpdate {
  kind: DeviceKind | "Floor";
  id: string;
  variable: string;
  value: unknown;
}

type DeviceEvent = "zone" | "conveyor" | "sorter" | "robot" | "scanner";
type AnyRecord = ZoneRecord | ConveyorRecord | SorterRecord | RobotRecord | ScannerRecord;
interface Slot {
  event: DeviceEvent;
  record: AnyRecord;
}

const copy = <R extends AnyRecord>(r: R): R => ("chutes" in r ? { ...r, chutes: r.chutes.map((c) => ({ ...c })) } : { ...r });
/** A record's content without its freshness, to tell a real change from a repeat. */
const content = (r: AnyRecord) => JSON.stringify({ ...r, stale: undefined, lastSeenAt: undefined });

/**
 * The bridge's picture of the floor, fed by the OPC UA client but free of OPC UA types. Device
 * events fire only while connected; a (re)connection emits every device once, fresh, so a listener
 * never sees a half-resynchronised floor.
 */
export class LiveFloorState {
  private readonly listeners: TypedListeners<FloorStateEvents>;
  private readonly zoneById = new Map<string, ZoneRecord>();
  private readonly conveyorById = new Map<string, ConveyorRecord>();
  private readonly sorterById = new Map<string, SorterRecord>();
  private readonly robotById = new Map<string, RobotRecord>();
  private readonly scannerById = new Map<string, ScannerRecord>();
  private readonly chuteById = new Map<string, { sorter: SorterRecord; chute: ChuteRecord }>();
  private alarms: AlarmRecord[] = [];
  private readonly raisedAt = new Map<string, Date>();
  private isConnected = false;

  constructor(
    readonly layout: Floor,
    onListenerError?: (error: unknown, event: keyof FloorStateEvents) => void,
  ) {
    this.listeners = new TypedListeners(onListenerError);
    const records = initialRecords(layout);
    for (const z of records.zones) this.zoneById.set(z.id, z);
    for (const c of records.conveyors) this.conveyorById.set(c.id, c);
    for (const r of records.robots) this.robotById.set(r.id, r);
    for (const s of records.scanners) this.scannerById.set(s.id, s);
    for (const s of records.sorters) {
      this.sorterById.set(s.id, s);
      for (const chute of s.chutes) this.chuteById.set(chute.id, { sorter: s, chute });
    }
  }

  on<K extends keyof FloorStateEvents>(event: K, listener: (payload: FloorStateEvents[K]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  get connected(): boolean {
    return this.isConnected;
  }

  // Reads return copies: the records inside keep changing.
  zone = (id: string) => this.get(this.zoneById, id);
  conveyor = (id: string) => this.get(this.conveyorById, id);
  sorter = (id: string) => this.get(this.sorterById, id);
  robot = (id: string) => this.get(this.robotById, id);
  scanner = (id: string) => this.get(this.scannerById, id);
  zones = () => [...this.zoneById.values()].map(copy);
  conveyors = () => [...this.conveyorById.values()].map(copy);
  sorters = () => [...this.sorterById.values()].map(copy);
  robots = () => [...this.robotById.values()].map(copy);
  scanners = () => [...this.scannerById.values()].map(copy);
  activeAlarms = () => this.alarms.map((a) => ({ ...a }));

  /** Applies a batch (one publish, or a full read) and emits each changed device once. */
  applyValues(updates: VariableUpdate[], at: Date): void {
    const before = new Map<AnyRecord, { slot: Slot; content: string }>();
    for (const u of updates) {
      if (u.kind === "Floor") {
        if (u.variable === "ActiveAlarms" && typeof u.value === "string") this.setActiveAlarms(parseActiveAlarms(u.value));
        continue;
      }
      const slot = this.slot(u.kind, u.id);
      if (!slot) continue;
      if (!before.has(slot.record)) before.set(slot.record, { slot, content: content(slot.record) });
      this.set(u, slot.record);
    }
    for (const [record, { slot, content: old }] of before) {
      record.lastSeenAt = at;
      if (this.isConnected && content(record) !== old) this.emitDevice(slot);
    }
  }

  /**
   * An alarm event from the floor (raised or cleared). A clearing event carries its own time, so
   * raisedAt comes from when the alarm was raised, if the bridge saw that.
   */
  applyAlarmEvent(alarm: AlarmRecord): void {
    if (alarm.active) this.raisedAt.set(alarm.id, alarm.raisedAt);
    const raisedAt = this.raisedAt.get(alarm.id) ?? alarm.raisedAt;
    if (!alarm.active) this.raisedAt.delete(alarm.id);
    this.listeners.emit("alarm", { ...alarm, raisedAt });
  }

  applyToteScan(scan: ToteScan): void {
    this.listeners.emit("toteScanned", { ...scan });
  }

  /** The floor cannot be reached: keep every last value and lastSeenAt, flag it stale. */
  markDisconnected(at: Date): void {
    if (!this.isConnected) return;
    this.isConnected = false;
    this.setFreshness(true);
    this.listeners.emit("connection", { connected: false, at });
  }

  /** Call after a full read: every device is current again. */
  markConnected(at: Date): void {
    this.isConnected = true;
    this.setFreshness(false);
    this.listeners.emit("connection", { connected: true, at });
  }

  /** Drops every listener (the client is closing). */
  dispose(): void {
    this.listeners.clear();
  }

  private setFreshness(stale: boolean): void {
    for (const slot of this.slots()) {
      (slot.record as Freshness).stale = stale;
      this.emitDevice(slot);
    }
  }

  private setActiveAlarms(alarms: AlarmRecord[]): void {
    if (JSON.stringify(alarms) === JSON.stringify(this.alarms)) return;
    this.alarms = alarms;
    for (const a of alarms) this.raisedAt.set(a.id, a.raisedAt);
    if (this.isConnected) this.listeners.emit("activeAlarms", this.activeAlarms());
  }

  private set(u: VariableUpdate, record: AnyRecord): void {
    switch (u.kind) {
      case "Zone": return zoneSetters[u.variable]?.(record as ZoneRecord, u.value);
      case "Conveyor": return conveyorSetters[u.variable]?.(record as ConveyorRecord, u.value);
      case "Sorter": return sorterSetters[u.variable]?.(record as SorterRecord, u.value);
      case "Chute": {
        const chute = this.chuteById.get(u.id)?.chute;
        return chute && chuteSetters[u.variable]?.(chute, u.value);
      }
      case "Robot": return robotSetters[u.variable]?.(record as RobotRecord, u.value);
      case "Scanner": return scannerSetters[u.variable]?.(record as ScannerRecord, u.value);
    }
  }

  private slot(kind: DeviceKind, id: string): Slot | undefined {
    const wrap = (event: DeviceEvent, record: AnyRecord | undefined) => (record ? { event, record } : undefined);
    switch (kind) {
      case "Zone": return wrap("zone", this.zoneById.get(id));
      case "Conveyor": return wrap("conveyor", this.conveyorById.get(id));
      case "Sorter": return wrap("sorter", this.sorterById.get(id));
      case "Chute": return wrap("sorter", this.chuteById.get(id)?.sorter);
      case "Robot": return wrap("robot", this.robotById.get(id));
      case "Scanner": return wrap("scanner", this.scannerById.get(id));
    }
  }

  private *slots(): Iterable<Slot> {
    for (const record of this.zoneById.values()) yield { event: "zone", record };
    for (const record of this.conveyorById.values()) yield { event: "conveyor", record };
    for (const record of this.sorterById.values()) yield { event: "sorter", record };
    for (const record of this.robotById.values()) yield { event: "robot", record };
    for (const record of this.scannerById.values()) yield { event: "scanner", record };
  }

  private emitDevice({ event, record }: Slot): void {
    // The slot's event name and record type always agree (see slot()); TS cannot see it.
    this.listeners.emit(event, copy(record) as never);
  }

  private get<R extends AnyRecord>(map: Map<string, R>, id: string): R | undefined {
    const r = map.get(id);
    return r && copy(r);
  }
}
