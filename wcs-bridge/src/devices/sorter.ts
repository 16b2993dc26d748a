import type { ChuteRecord } from "./chute.ts";
import { type Freshness, defineDevice } from "./descriptor.ts";

export const SORTER_STATES = ["RUNNING", "STOPPED", "FAULT", "ESTOPPED"] as const;
export type SorterStateName = (typeof SORTER_STATES)[number];

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

/** A loop sorter: induct statistics; routing commands (its chutes are a kind of their own). */
export const sorterDevice = defineDevice<SorterRecord>({
  kind: "Sorter",
  folder: "Sorters",
  description: "A loop sorter with chutes",
  graphqlType: "Sorter",
  states: SORTER_STATES,
  variables: [
    { browseName: "State", dataType: "String", field: "state", description: "RUNNING, STOPPED, FAULT or ESTOPPED", decode: (v: string) => (SORTER_STATES as readonly string[]).includes(v) ? v : undefined },
    { browseName: "InductRate", dataType: "Double", field: "inductRate", description: "totes/h over the last minute" },
    { browseName: "ToteCount", dataType: "UInt32", field: "toteCount", description: "totes inducted (cumulative)" },
    { browseName: "Recirculated", dataType: "UInt32", field: "recirculated", description: "totes sent round again (cumulative)" },
    { browseName: "ZoneId", dataType: "String", field: "zoneId", description: "the zone's id", graphql: "zone" },
  ],
  methods: [
    { name: "Start", description: "start the sorter", args: [] },
    { name: "Stop", description: "stop the sorter", args: [] },
    {
      name: "EnableChute",
      description: "take a chute in or out of service",
      args: [
        { name: "chuteId", dataType: "String", description: "chute id, e.g. CH-01" },
        { name: "enabled", dataType: "Boolean", description: "false takes the chute out of service" },
      ],
    },
    {
      name: "Divert",
      description: "route a tote to a chute",
      args: [
        { name: "toteId", dataType: "String", description: "the scanned tote" },
        { name: "chuteId", dataType: "String", description: "where it should go" },
      ],
    },
  ],
  store: { event: "sorter" },
  initialRecords: (layout) =>
    layout.sorters.map((s) => ({
      id: s.id,
      name: s.name,
      zoneId: s.zoneId,
      state: "STOPPED",
      inductRate: 0,
      toteCount: 0,
      recirculated: 0,
      // Filled from the chute kind's records (they live inside their sorter's).
      chutes: [],
      stale: true,
      lastSeenAt: null,
    })),
});
