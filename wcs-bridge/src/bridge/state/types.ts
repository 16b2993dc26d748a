/**
 * What the bridge knows about each floor device: plain records, no OPC UA types, so the state can
 * be unit-tested and the GraphQL layer can serve them as they are. Device records are declared
 * with their kind's descriptor (src/devices). Every device carries `stale` (true while the floor
 * cannot be reached: the other fields are the last values seen) and `lastSeenAt` (when a value for
 * it last arrived from the floor; null before the first).
 */
export type {
  ChuteRecord,
  ConveyorRecord,
  ConveyorStateName,
  Freshness,
  RobotErrorRecord,
  RobotRecord,
  RobotStateName,
  ScannerRecord,
  SorterRecord,
  SorterStateName,
  ZoneRecord,
} from "../../devices/index.ts";
import type { ConveyorRecord, RobotRecord, ScannerRecord, SorterRecord, ZoneRecord } from "../../devices/index.ts";

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
