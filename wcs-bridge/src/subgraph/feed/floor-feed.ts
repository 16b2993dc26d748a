import type { LiveFloorState } from "../../bridge/state/live-floor-state.ts";
import type { AlarmRecord, ConnectionChange, ConveyorRecord, RobotRecord, SorterRecord, ToteScan, ZoneRecord } from "../../bridge/state/types.ts";
import type { AlarmView } from "../alarms.ts";

/** What subscriptions are fed with: device changes, raised alarms, scans and the PLC link. */
export interface FloorFeedEvents {
  zone: ZoneRecord;
  conveyor: ConveyorRecord;
  sorter: SorterRecord;
  robot: RobotRecord;
  activeAlarms: AlarmRecord[];
  alarmRaised: AlarmRecord;
  toteScanned: ToteScan;
  connection: ConnectionChange;
}
export type FloorFeedEvent = keyof FloorFeedEvents;
export const FEED_EVENTS: readonly FloorFeedEvent[] = ["zone", "conveyor", "sorter", "robot", "activeAlarms", "alarmRaised", "toteScanned", "connection"];

export interface FloorFeed {
  on<K extends FloorFeedEvent>(event: K, listener: (payload: FloorFeedEvents[K]) => void): () => void;
}

/** The feed of this instance's own PLC connection. */
export function localFeed(state: LiveFloorState, alarms: AlarmView): FloorFeed {
  return {
    on(event, listener) {
      if (event === "alarmRaised") return alarms.onRaised(listener as (alarm: AlarmRecord) => void);
      return state.on(event as Exclude<FloorFeedEvent, "alarmRaised">, listener as never);
    },
  };
}
