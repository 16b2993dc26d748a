import { defineDevice } from "./descriptor.ts";

export interface ChuteRecord {
  id: string;
  sorterId: string;
  destination: string;
  full: boolean;
  enabled: boolean;
  count: number;
  capacity: number;
}

/** A sorter's chute: its destination and fill level. Its record is part of its sorter's. */
export const chuteDevice = defineDevice<ChuteRecord>({
  kind: "Chute",
  folder: "Chutes",
  description: "A sorter chute delivering to one location",
  graphqlType: "Chute",
  variables: [
    { browseName: "Destination", dataType: "String", field: "destination", description: "the location id it delivers to", graphql: "destinationLocation" },
    { browseName: "Full", dataType: "Boolean", field: "full", description: "at capacity" },
    { browseName: "Enabled", dataType: "Boolean", field: "enabled", description: "a divert target" },
    { browseName: "Count", dataType: "UInt32", field: "count", description: "totes in the chute" },
    { browseName: "Capacity", dataType: "UInt32", field: "capacity", description: "totes it holds" },
    { browseName: "SorterId", dataType: "String", field: "sorterId", description: "its sorter", graphql: null },
  ],
  methods: [],
  alarms: [{ name: "FullAlarm", idPrefix: "FULL", input: "Full", severity: 300, description: "the chute is full" }],
  store: { within: "Sorter", list: "chutes", parentId: (c) => c.sorterId },
  initialRecords: (layout) =>
    layout.sorters.flatMap((s) =>
      s.chutes.map((c) => ({ id: c.id, sorterId: s.id, destination: c.destination, full: false, enabled: true, count: 0, capacity: c.capacity })),
    ),
});
