import type { AlarmRecord, ConveyorRecord, RobotErrorRecord, ScannerRecord, SorterRecord, ChuteRecord, RobotRecord, ZoneRecord } from "./types.ts";

/**
 * How each contract variable (README "Address-space contract") lands in a record. Values come in
 * as plain JS values; a value of the wrong type is ignored rather than corrupting the record.
 */
type Setters<R> = Record<string, (record: R, value: unknown) => void>;

const str = (v: unknown): v is string => typeof v === "string";
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const bool = (v: unknown): v is boolean => typeof v === "boolean";
const orNull = (v: string) => (v === "" ? null : v);

export const zoneSetters: Setters<ZoneRecord> = {
  EStopped: (r, v) => bool(v) && (r.eStopped = v),
  Name: (r, v) => str(v) && (r.name = v),
};

export const conveyorSetters: Setters<ConveyorRecord> = {
  State: (r, v) => str(v) && (r.state = v as ConveyorRecord["state"]),
  Speed: (r, v) => num(v) && (r.speed = v),
  Setpoint: (r, v) => num(v) && (r.setpoint = v),
  MinSpeed: (r, v) => num(v) && (r.minSpeed = v),
  MaxSpeed: (r, v) => num(v) && (r.maxSpeed = v),
  ToteCount: (r, v) => num(v) && (r.toteCount = v),
  ZoneId: (r, v) => str(v) && (r.zoneId = v),
  Name: (r, v) => str(v) && (r.name = v),
};

export const sorterSetters: Setters<SorterRecord> = {
  State: (r, v) => str(v) && (r.state = v as SorterRecord["state"]),
  InductRate: (r, v) => num(v) && (r.inductRate = v),
  ToteCount: (r, v) => num(v) && (r.toteCount = v),
  Recirculated: (r, v) => num(v) && (r.recirculated = v),
  ZoneId: (r, v) => str(v) && (r.zoneId = v),
};

export const chuteSetters: Setters<ChuteRecord> = {
  Destination: (r, v) => str(v) && (r.destination = v),
  Full: (r, v) => bool(v) && (r.full = v),
  Enabled: (r, v) => bool(v) && (r.enabled = v),
  Count: (r, v) => num(v) && (r.count = v),
  Capacity: (r, v) => num(v) && (r.capacity = v),
  SorterId: (r, v) => str(v) && (r.sorterId = v),
};

export const robotSetters: Setters<RobotRecord> = {
  State: (r, v) => str(v) && (r.state = v as RobotRecord["state"]),
  OperatingMode: (r, v) => str(v) && (r.operatingMode = v),
  Battery: (r, v) => num(v) && (r.battery = v),
  Charging: (r, v) => bool(v) && (r.charging = v),
  X: (r, v) => num(v) && (r.x = v),
  Y: (r, v) => num(v) && (r.y = v),
  Heading: (r, v) => num(v) && (r.heading = v),
  CurrentTask: (r, v) => str(v) && (r.currentTask = orNull(v)),
  TargetLocationId: (r, v) => str(v) && (r.targetLocationId = orNull(v)),
  Errors: (r, v) => str(v) && (r.errors = parseJsonArray(v, isRobotError)),
};

export const scannerSetters: Setters<ScannerRecord> = {
  LastToteId: (r, v) => str(v) && (r.lastToteId = orNull(v)),
  ScanCount: (r, v) => num(v) && (r.scanCount = v),
  ConveyorId: (r, v) => str(v) && (r.conveyorId = v),
};

function isRobotError(v: unknown): v is RobotErrorRecord {
  const e = v as Partial<RobotErrorRecord> | null;
  return !!e && str(e.errorType) && (e.errorLevel === "WARNING" || e.errorLevel === "FATAL") && str(e.description);
}

/** Floor/ActiveAlarms: `[{id, severity, deviceId, message, raisedAt}]`. */
export function parseActiveAlarms(json: string): AlarmRecord[] {
  const entries = parseJsonArray(json, (v): v is { id: string; severity: number; deviceId: string; message: string; raisedAt: string } => {
    const a = v as Record<string, unknown> | null;
    return !!a && str(a.id) && num(a.severity) && str(a.deviceId) && str(a.message) && str(a.raisedAt);
  });
  return entries.map((a) => ({ id: a.id, severity: a.severity, deviceId: a.deviceId, message: a.message, raisedAt: new Date(a.raisedAt), active: true }));
}

/** Malformed JSON or entries are dropped: one bad PLC string must not take the bridge down. */
function parseJsonArray<T>(json: string, isItem: (v: unknown) => v is T): T[] {
  try {
    const data: unknown = JSON.parse(json);
    return Array.isArray(data) ? data.filter(isItem) : [];
  } catch {
    return [];
  }
}
