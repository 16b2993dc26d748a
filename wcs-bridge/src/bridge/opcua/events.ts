import { AttributeIds, type ReadValueIdOptions, type Variant, constructEventFilter } from "node-opcua";
import { FLOOR_PATHS } from "../../simulator/address-space/contract.ts";
import type { AlarmRecord, ToteScan } from "../state/types.ts";
import { floorNodeId } from "./nodes.ts";

/**
 * The floor's two event types, as selected on the Server object: the BaseEventType fields plus
 * the custom properties (namespace 1) of FloorAlarmEventType and ToteScannedEventType. A property
 * an event type does not have comes back null.
 */
const FIELDS = ["EventType", "SourceName", "Message", "Severity", "Time", "1:AlarmId", "1:Active", "1:ConveyorId"] as const;

export const serverEventsItem: ReadValueIdOptions = { nodeId: "i=2253", attributeId: AttributeIds.EventNotifier };
export const floorEventFilter = () => constructEventFilter([...FIELDS]);

const ALARM_TYPE = floorNodeId(FLOOR_PATHS.alarmEventType);
const SCAN_TYPE = floorNodeId(FLOOR_PATHS.scanEventType);

export type FloorEventNotification = { kind: "alarm"; alarm: AlarmRecord } | { kind: "scan"; scan: ToteScan };

const text = (v: unknown): string => (typeof v === "string" ? v : typeof (v as { text?: unknown })?.text === "string" ? (v as { text: string }).text : "");

/** Turns one event's selected fields into a floor event; other event types give undefined. */
export function parseFloorEvent(fields: Variant[]): FloorEventNotification | undefined {
  const value = (name: (typeof FIELDS)[number]): unknown => fields[FIELDS.indexOf(name)]?.value;
  const type = String(value("EventType") ?? "");
  const time = value("Time");
  const at = time instanceof Date ? time : new Date();
  if (type === ALARM_TYPE) {
    const severity = value("Severity");
    return {
      kind: "alarm",
      alarm: {
        id: text(value("1:AlarmId")),
        deviceId: text(value("SourceName")),
        message: text(value("Message")),
        severity: typeof severity === "number" ? severity : 0,
        raisedAt: at,
        active: value("1:Active") === true,
      },
    };
  }
  if (type === SCAN_TYPE) {
    return { kind: "scan", scan: { scannerId: text(value("SourceName")), toteId: text(value("Message")), conveyorId: text(value("1:ConveyorId")), at } };
  }
  return undefined;
}
