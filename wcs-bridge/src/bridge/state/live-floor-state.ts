import { type AnyDevice, DEVICE_KINDS, type DeviceKind, type Floor, applyVariable } from "../../devices/index.ts";
import { TypedListeners } from "./listeners.ts";
import { parseActiveAlarms } from "./parse.ts";
import type { AlarmRecord, ConveyorRecord, FloorStateEvents, Freshness, RobotRecord, ScannerRecord, SorterRecord, ToteScan, ZoneRecord } from "./types.ts";

/** One variable's new value, addressed as in the contract: `Conveyor`, `CV-INB-01`, `Speed`. */
export interface VariableUpdate {
  kind: DeviceKind | "Floor";
  id: string;
  variable: string;
  value: unknown;
}

/** An alarm condition's state on the floor, as its last event showed it (for Acknowledge). */
export interface ConditionState {
  conditionId: string;
  eventId: Uint8Array;
  active: boolean;
  acked: boolean;
}

type AnyRecord = { id: string } & Record<string, unknown>;
type RootRecord = AnyRecord & Freshness;
/** Where a device's values land (record), and the record its changes are announced with (root). */
interface Entry {
  device: AnyDevice;
  record: AnyRecord;
  root: RootRecord;
  event: string;
}

/** Records hold arrays of plain objects (chutes, errors): copy those one level down. */
const copy = <R extends object>(r: R): R => {
  const out = { ...r } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = v.map((x: unknown) => (x && typeof x === "object" ? { ...x } : x));
  return out as R;
};
/** A record's content without its freshness, to tell a real change from a repeat. */
const content = (r: AnyRecord) => JSON.stringify({ ...r, stale: undefined, lastSeenAt: undefined });

/**
 * The bridge's picture of the floor, fed by the OPC UA client but free of OPC UA types, laid out
 * by the device kinds' descriptors. Device events fire only while connected; a (re)connection
 * emits every device once, fresh, so a listener never sees a half-resynchronised floor.
 */
export class LiveFloorState {
  private readonly listeners: TypedListeners<FloorStateEvents>;
  private readonly entries = new Map<string, Map<string, Entry>>();
  private alarms: AlarmRecord[] = [];
  private readonly raisedAt = new Map<string, Date>();
  private readonly conditions = new Map<string, ConditionState>();
  private isConnected = false;

  constructor(
    readonly layout: Floor,
    onListenerError?: (error: unknown, event: keyof FloorStateEvents) => void,
    readonly kinds: readonly AnyDevice[] = DEVICE_KINDS,
  ) {
    this.listeners = new TypedListeners(onListenerError);
    // Kinds with records of their own first, then the ones kept inside them (chutes in sorters).
    for (const device of kinds) {
      if (!("event" in device.store)) continue;
      const event = device.store.event;
      const byId = new Map(device.initialRecords(layout).map((record: RootRecord) => [record.id, { device, record, root: record, event }]));
      this.entries.set(device.kind, byId);
    }
    for (const device of kinds) {
      const store = device.store;
      if ("event" in store) continue;
      const byId = new Map<string, Entry>();
      for (const record of device.initialRecords(layout) as AnyRecord[]) {
        const parent = this.entries.get(store.within)?.get(store.parentId(record));
        if (!parent) continue;
        (parent.record[store.list] as AnyRecord[]).push(record);
        byId.set(record.id, { device, record, root: parent.root, event: parent.event });
      }
      this.entries.set(device.kind, byId);
    }
  }

  on<K extends keyof FloorStateEvents>(event: K, listener: (payload: FloorStateEvents[K]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Any kind's record (a copy: the records inside keep changing). */
  device = <R extends object = AnyRecord>(kind: DeviceKind, id: string): R | undefined => {
    const entry = this.entries.get(kind)?.get(id);
    return entry && (copy(entry.record) as unknown as R);
  };
  /** Every record of a kind (copies). */
  devices = <R extends object = AnyRecord>(kind: DeviceKind): R[] => [...(this.entries.get(kind)?.values() ?? [])].map((e) => copy(e.record) as unknown as R);

  zone = (id: string) => this.device<ZoneRecord>("Zone", id);
  conveyor = (id: string) => this.device<ConveyorRecord>("Conveyor", id);
  sorter = (id: string) => this.device<SorterRecord>("Sorter", id);
  robot = (id: string) => this.device<RobotRecord>("Robot", id);
  scanner = (id: string) => this.device<ScannerRecord>("Scanner", id);
  zones = () => this.devices<ZoneRecord>("Zone");
  conveyors = () => this.devices<ConveyorRecord>("Conveyor");
  sorters = () => this.devices<SorterRecord>("Sorter");
  robots = () => this.devices<RobotRecord>("Robot");
  scanners = () => this.devices<ScannerRecord>("Scanner");
  activeAlarms = () => this.alarms.map((a) => ({ ...a }));

  /** The alarm condition behind an alarm id, as its last event showed it. */
  condition = (alarmId: string): ConditionState | undefined => {
    const c = this.conditions.get(alarmId);
    return c && { ...c };
  };

  /** Applies a batch (one publish, or a full read) and emits each changed device once. */
  applyValues(updates: VariableUpdate[], at: Date): void {
    const before = new Map<RootRecord, { entry: Entry; content: string }>();
    for (const u of updates) {
      if (u.kind === "Floor") {
        if (u.variable === "ActiveAlarms" && typeof u.value === "string") this.setActiveAlarms(parseActiveAlarms(u.value));
        continue;
      }
      const entry = this.entries.get(u.kind)?.get(u.id);
      if (!entry) continue;
      if (!before.has(entry.root)) before.set(entry.root, { entry, content: content(entry.root) });
      applyVariable(entry.device, entry.record, u.variable, u.value);
    }
    for (const [root, { entry, content: old }] of before) {
      root.lastSeenAt = at;
      if (this.isConnected && content(root) !== old) this.emitDevice(entry);
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

  /**
   * An AlarmConditionType event: remembered for Acknowledge (its EventId), and an alarm raised or
   * cleared when its ActiveState changed (an acknowledgement or a confirmation is not a new alarm).
   */
  applyConditionEvent(alarm: AlarmRecord, condition: ConditionState, { replay = false } = {}): void {
    const previous = this.conditions.get(alarm.id);
    this.conditions.set(alarm.id, { ...condition });
    // A replay (ConditionRefresh) only tells the bridge the condition's state: no alarm is raised by it.
    if (!replay && previous?.active !== condition.active) this.applyAlarmEvent(alarm);
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
    for (const byId of this.entries.values()) {
      for (const entry of byId.values()) {
        if (entry.record !== entry.root) continue;
        entry.root.stale = stale;
        this.emitDevice(entry);
      }
    }
  }

  private setActiveAlarms(alarms: AlarmRecord[]): void {
    if (JSON.stringify(alarms) === JSON.stringify(this.alarms)) return;
    this.alarms = alarms;
    for (const a of alarms) this.raisedAt.set(a.id, a.raisedAt);
    if (this.isConnected) this.listeners.emit("activeAlarms", this.activeAlarms());
  }

  private emitDevice({ event, root }: Entry): void {
    // A kind's event name is its descriptor's; its record type is the one FloorStateEvents names.
    this.listeners.emit(event as keyof FloorStateEvents, copy(root) as never);
  }
}
