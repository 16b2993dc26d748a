import type { AlarmRecord } from "../bridge/state/types.ts";

export type { ConveyorRecord, SorterRecord, ChuteRecord, RobotRecord, ToteScan as ToteScanRecord } from "../bridge/state/types.ts";

/** A reference to another subgraph's entity (Zone, Location, User): its id is all this one knows. */
export interface EntityRef {
  id: string;
}

/** An alarm from the floor, with who acknowledged it (from this service's database). */
export interface AlarmParent extends AlarmRecord {
  acknowledgement: { userId: string; at: Date } | null;
}

export interface PositionParent {
  x: number;
  y: number;
  heading: number;
}

export interface FloorStatusParent {
  zoneId: string | null;
  connected: boolean;
  endpointUrl: string;
  totesPerHour: number;
  activeAlarms: number;
  staleDevices: number;
  devicesByState: { kind: "CONVEYOR" | "SORTER" | "ROBOT"; state: string; count: number }[];
  at: Date;
}
