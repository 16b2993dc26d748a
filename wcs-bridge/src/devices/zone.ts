import { type Freshness, defineDevice } from "./descriptor.ts";

export interface ZoneRecord extends Freshness {
  id: string;
  code: string;
  name: string;
  eStopped: boolean;
}

/** A zone: its e-stop and the reset that releases it. */
export const zoneDevice = defineDevice<ZoneRecord>({
  kind: "Zone",
  folder: "Zones",
  description: "A floor zone with its emergency stop",
  variables: [
    { browseName: "EStopped", dataType: "Boolean", field: "eStopped", description: "the zone's emergency stop is engaged" },
    { browseName: "Name", dataType: "String", field: "name", description: "the zone's name" },
  ],
  methods: [
    { name: "EStop", description: "engage the zone's emergency stop", args: [] },
    { name: "Reset", description: "release the e-stop; belts and sorter stay STOPPED, robots PAUSED", args: [] },
  ],
  alarms: [{ name: "EStopAlarm", idPrefix: "ESTOP", input: "EStopped", severity: 1000, description: "emergency stop engaged" }],
  store: { event: "zone" },
  initialRecords: (layout) => layout.zones.map((z) => ({ id: z.id, code: z.code, name: z.name, eStopped: false, stale: true, lastSeenAt: null })),
});
