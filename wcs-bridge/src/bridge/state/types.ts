/**
 * What the bridge knows about each floor device: plain records, no OPC UA types, so the state can
 * be unit-tested and the GraphQL layer can serve them as they are. Every device carries `stale`
 * (true while the floor cannot be reached: the other fields are the last values seen) and
 * `lastSeenAt` (when a value for it last arrived from the floor; null before the first).
 */
export type ConveyorStateName = "RUNNING" | "STOPPED" | "JAMMED" | "FAULT" | "ESTOPPED";
export type SorterStateName = "RUNNING" | "STOPPED" | "FAULT" | "ESTOPPED";
export type RobotStateName = "IDLE" | "DRIVING" | "PAUSED" | "CHARGING" | "ERROR";

export interface Freshness {
  stale: boolean;
  lastSeenAt: Date | null;
}

export interface ZoneRecord extends Freshness {
  id: string;
  code: string;
  name: string;
  eStopped: boolean;
}

export interface ConveyorRecord extends Freshness {
  id: string;
  name: string;
  zoneId: string;
  state: ConveyorStateName;
  speed: number;
  setpoint: number;
  minSpeed: number;
  maxSpeed: number;
  toteCount: number;
}

export interface ChuteRecord {
  id: string;
  sorterId: string;
  destination: string;
  full: boolean;
  enabled: boolean;
  count: number;
  capacity: number;
}

/** A sorter and its chutes are one record: a chute change is a change of its sorter. */
export interface SorterRecord extends Freshness {
  id: string;
  name: string;
  zoneId: string;
  state: SorterStateName;
  inductRate: number;
  toteCount: number;
  recirculated: number;
  chutes: ChuteRecord[];
}

export interface RobotErrorRecord {
  errorType: string;
  errorLevel: "WARNING" | "FATAL";
  description: string;
}

export interface RobotRecord extends Freshness {
  id: string;
  name: string;
  zoneId: string;
  state: RobotStateName;
  operatingMode: string;
  battery: number;
  charging: boolean;
  x: number;
  y: number;
  heading: number;
  /** null when the robot has no task (the PLC publishes ""). */
  currentTask: string | null;
  targetLocationId: string | null;
  errors: RobotErrorRecord[];
}

export interface ScannerRecord extends Freshness {
  id: string;
  name: string;
  conveyorId: string;
  lastToteId: string | null;
  scanCount: number;
}

export interface AlarmRecord {
  id: string;
  severity: number;
  deviceId: string;
  message: string;
  raisedAt: Date;
  active: boolean;
}

export interface ToteScan {
  scannerId: string;
  conveyorId: string;
  toteId: string;
  at: Date;
}

export interface ConnectionChange {
  connected: boolean;
  at: Date;
}

/** Change events: each carries the full new record of the device concerned. */
export interface FloorStateEvents {
  zone: ZoneRecord;
  conveyor: ConveyorRecord;
  sorter: SorterRecord;
  robot: RobotRecord;
  scanner: ScannerRecord;
  /** An alarm raised or cleared (from the floor's alarm events). */
  alarm: AlarmRecord;
  /** The list of active alarms changed (from Floor/ActiveAlarms). */
  activeAlarms: AlarmRecord[];
  toteScanned: ToteScan;
  connection: ConnectionChange;
}

export type FloorStateEventName = keyof FloorStateEvents;
