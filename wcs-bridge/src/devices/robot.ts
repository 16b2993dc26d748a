import { type Freshness, defineDevice, emptyToNull } from "./descriptor.ts";

export const ROBOT_STATES = ["IDLE", "DRIVING", "PAUSED", "CHARGING", "ERROR"] as const;
export type RobotStateName = (typeof ROBOT_STATES)[number];

/** A VDA 5050 error entry, as published in the robot's Errors variable. */
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

const isRobotError = (v: unknown): v is RobotErrorRecord => {
  const e = v as Partial<RobotErrorRecord> | null;
  return !!e && typeof e.errorType === "string" && (e.errorLevel === "WARNING" || e.errorLevel === "FATAL") && typeof e.description === "string";
};

/** Malformed JSON or entries are dropped: one bad PLC string must not take the bridge down. */
const decodeErrors = (json: string): RobotErrorRecord[] => {
  try {
    const data: unknown = JSON.parse(json);
    return Array.isArray(data) ? data.filter(isRobotError) : [];
  } catch {
    return [];
  }
};

/** An AMR, VDA 5050 flavoured: state, battery, pose, task, errors; instant actions. */
export const robotDevice = defineDevice<RobotRecord>({
  kind: "Robot",
  folder: "Robots",
  description: "An autonomous mobile robot",
  graphqlType: "Robot",
  states: ROBOT_STATES,
  variables: [
    { browseName: "State", dataType: "String", field: "state", description: "IDLE, DRIVING, PAUSED, CHARGING or ERROR", decode: (v: string) => (ROBOT_STATES as readonly string[]).includes(v) ? v : undefined },
    { browseName: "OperatingMode", dataType: "String", field: "operatingMode", description: "VDA 5050 operating mode" },
    { browseName: "Battery", dataType: "Double", field: "battery", description: "percent" },
    { browseName: "Charging", dataType: "Boolean", field: "charging", description: "on its charger" },
    { browseName: "X", dataType: "Double", field: "x", description: "metres from the floor's left edge", graphql: "position.x" },
    { browseName: "Y", dataType: "Double", field: "y", description: "metres from the floor's top edge", graphql: "position.y" },
    { browseName: "Heading", dataType: "Double", field: "heading", description: "radians", graphql: "position.heading" },
    { browseName: "CurrentTask", dataType: "String", field: "currentTask", description: "the task it drives for, \"\" if none", decode: emptyToNull },
    { browseName: "TargetLocationId", dataType: "String", field: "targetLocationId", description: "where it drives to, \"\" if nowhere", decode: emptyToNull, graphql: "target" },
    { browseName: "Errors", dataType: "String", field: "errors", description: "JSON [{errorType, errorLevel: WARNING or FATAL, description}]", decode: decodeErrors },
  ],
  methods: [
    {
      name: "AssignTask",
      description: "drive to a location for a task",
      args: [
        { name: "taskId", dataType: "String", description: "the WMS task this drive serves" },
        { name: "locationId", dataType: "String", description: "a location id with a waypoint on this floor" },
      ],
    },
    { name: "Pause", description: "pause driving", args: [] },
    { name: "Resume", description: "resume after a pause", args: [] },
    { name: "Cancel", description: "cancel the task; clears WARNING errors", args: [] },
    { name: "Reset", description: "clear FATAL errors", args: [] },
  ],
  alarms: [{ name: "ErrorAlarm", idPrefix: "ROBOT", input: "Errors", severity: 800, description: "the robot reports an error (800 FATAL, 500 WARNING)" }],
  store: { event: "robot" },
  initialRecords: (layout) =>
    layout.robots.map((r) => ({
      id: r.id,
      name: r.name,
      zoneId: r.zoneId,
      state: "IDLE",
      operatingMode: "AUTOMATIC",
      battery: 0,
      charging: false,
      x: r.home.x,
      y: r.home.y,
      heading: 0,
      currentTask: null,
      targetLocationId: null,
      errors: [],
      stale: true,
      lastSeenAt: null,
    })),
});
