import { type Freshness, defineDevice } from "./descriptor.ts";

export const CONVEYOR_STATES = ["RUNNING", "STOPPED", "JAMMED", "FAULT", "ESTOPPED"] as const;
export type ConveyorStateName = (typeof CONVEYOR_STATES)[number];

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

/** A belt conveyor: state, speeds, cumulative tote count; Start/Stop/SetSpeed/Reset. */
export const conveyorDevice = defineDevice<ConveyorRecord>({
  kind: "Conveyor",
  folder: "Conveyors",
  description: "A belt conveyor",
  graphqlType: "Conveyor",
  states: CONVEYOR_STATES,
  variables: [
    { browseName: "State", dataType: "String", field: "state", description: "RUNNING, STOPPED, JAMMED, FAULT or ESTOPPED", decode: (v: string) => (CONVEYOR_STATES as readonly string[]).includes(v) ? v : undefined },
    { browseName: "Speed", dataType: "Double", field: "speed", description: "actual belt speed, m/s" },
    { browseName: "Setpoint", dataType: "Double", field: "setpoint", description: "speed setpoint, m/s" },
    { browseName: "MinSpeed", dataType: "Double", field: "minSpeed", description: "lowest setpoint, m/s" },
    { browseName: "MaxSpeed", dataType: "Double", field: "maxSpeed", description: "highest setpoint, m/s" },
    { browseName: "ToteCount", dataType: "UInt32", field: "toteCount", description: "totes discharged (cumulative)" },
    { browseName: "ZoneId", dataType: "String", field: "zoneId", description: "the zone's id", graphql: "zone" },
    { browseName: "Name", dataType: "String", field: "name", description: "the conveyor's name" },
  ],
  methods: [
    { name: "Start", description: "start the belt", args: [] },
    { name: "Stop", description: "stop the belt", args: [] },
    { name: "SetSpeed", description: "set the speed setpoint", args: [{ name: "speed", dataType: "Double", description: "belt speed setpoint, m/s, within [MinSpeed, MaxSpeed]" }] },
    { name: "Reset", description: "clear a jam or fault", args: [] },
  ],
  alarms: [{ name: "JamAlarm", idPrefix: "JAM", input: "State", severity: 700, description: "a tote jammed the belt" }],
  store: { event: "conveyor" },
  initialRecords: (layout) =>
    layout.conveyors.map((c) => ({
      id: c.id,
      name: c.name,
      zoneId: c.zoneId,
      state: "STOPPED",
      speed: 0,
      setpoint: c.nominalSpeed,
      minSpeed: c.minSpeed,
      maxSpeed: c.maxSpeed,
      toteCount: 0,
      stale: true,
      lastSeenAt: null,
    })),
});
