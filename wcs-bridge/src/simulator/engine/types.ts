/**
 * The simulation's state: plain data, no node-opcua, so tests can inspect (and set up) any
 * situation directly and two runs can be compared with toEqual.
 */
export type ConveyorStateName = "RUNNING" | "STOPPED" | "JAMMED" | "FAULT" | "ESTOPPED";
export type SorterStateName = "RUNNING" | "STOPPED" | "FAULT" | "ESTOPPED";
/** VDA 5050 flavoured: the driving/paused/charging flags of its state message folded into one. */
export type RobotStateName = "IDLE" | "DRIVING" | "PAUSED" | "CHARGING" | "ERROR";
export type OperatingMode = "AUTOMATIC" | "SEMIAUTOMATIC" | "MANUAL" | "SERVICE";

/** A VDA 5050 error entry, as published in the robot's Errors variable. */
export interface RobotError {
  errorType: string;
  errorLevel: "WARNING" | "FATAL";
  description: string;
}

export interface Tote {
  id: string;
  /** Metres from the conveyor's start. */
  position: number;
}

export interface ZoneState {
  id: string;
  code: string;
  name: string;
  eStopped: boolean;
}

export interface ConveyorState {
  id: string;
  name: string;
  zoneId: string;
  length: number;
  minSpeed: number;
  maxSpeed: number;
  feeds: string | null;
  source: "RECEIVING" | "PACKING" | null;
  setpoint: number;
  /** Actual belt speed, m/s: follows the setpoint with a finite acceleration. */
  speed: number;
  running: boolean;
  eStopped: boolean;
  fault: "JAM" | "FAULT" | null;
  toteCount: number;
  /** Front (nearest the end) first. */
  totes: Tote[];
}

export interface ChuteState {
  id: string;
  sorterId: string;
  destination: string;
  capacity: number;
  enabled: boolean;
  /** Tote ids currently in the chute, oldest first. */
  contents: string[];
  /** Simulation time (ms) of the packer's next visit. */
  nextPackAt: number;
}

export interface PendingTote {
  toteId: string;
  /** When the default rule decides if no Divert has come in. */
  decideAt: number;
}

export interface SorterState {
  id: string;
  name: string;
  zoneId: string;
  running: boolean;
  eStopped: boolean;
  fault: boolean;
  decisionWindowMs: number;
  recirculationMs: number;
  toteCount: number;
  recirculated: number;
  /** Totes on the sorter waiting for their routing decision. */
  pending: PendingTote[];
  /** Totes going round the loop again, with the time they reach the decision point. */
  recirculating: { toteId: string; returnAt: number }[];
  /** Divert commands received for totes not yet decided (often before induct, at the scan). */
  routes: Record<string, string>;
  /** Induct times (ms) within the last minute, for InductRate. */
  inductTimes: number[];
  chuteIds: string[];
}

export interface RobotState {
  id: string;
  name: string;
  zoneId: string;
  state: RobotStateName;
  operatingMode: OperatingMode;
  battery: number;
  charging: boolean;
  x: number;
  y: number;
  heading: number;
  currentTask: string;
  targetLocationId: string;
  /** Where it is driving to (a waypoint, or home to charge). */
  target: { x: number; y: number } | null;
  /** Driving home because the battery is low: arrival means CHARGING, not IDLE. */
  goingToCharge: boolean;
  /** The state to return to on Resume. */
  pausedFrom: RobotStateName | null;
  errors: RobotError[];
  home: { x: number; y: number };
  batteryThreshold: number;
  speed: number;
}

export interface ScannerState {
  id: string;
  name: string;
  conveyorId: string;
  offset: number;
  lastToteId: string;
  scanCount: number;
}

export interface Alarm {
  id: string;
  severity: number;
  deviceId: string;
  message: string;
  raisedAt: string;
}

export interface FloorState {
  /** Simulation time, ms since the epoch. */
  now: number;
  nextToteNumber: number;
  /** Totes that arrived at receiving but have not found room on the infeed conveyor yet. */
  arrivalsWaiting: number;
  /** Totes packed from chutes waiting for room on the outbound conveyor. */
  packedWaiting: string[];
  /** Totes that left the floor at the end of the last conveyor. */
  shipped: number;
  zones: ZoneState[];
  conveyors: ConveyorState[];
  sorters: SorterState[];
  chutes: ChuteState[];
  robots: RobotState[];
  scanners: ScannerState[];
  alarms: Alarm[];
}

/** What a command answers: refused commands say why, for the OPC UA "Reason" output. */
export interface CommandResult {
  accepted: boolean;
  reason: string;
}
export const ok: CommandResult = { accepted: true, reason: "" };
export const refuse = (reason: string): CommandResult => ({ accepted: false, reason });

/** Things clients hear about as OPC UA events rather than by watching a variable. */
export type FloorEvent =
  | { kind: "scan"; scannerId: string; conveyorId: string; toteId: string; at: number }
  | { kind: "alarmRaised"; alarm: Alarm }
  | { kind: "alarmCleared"; alarm: Alarm };
