import { AttributeIds, type ReadValueIdOptions, type Variant, constructEventFilter } from "node-opcua";
import { type AnyDevice, DEVICE_KINDS, FLOOR_PATHS, alarmId, floorNodeId } from "../../devices/index.ts";
import type { ConditionState } from "../state/live-floor-state.ts";
import type { AlarmRecord, ToteScan } from "../state/types.ts";

/**
 * The fields selected from the floor's events on the Server object: the BaseEventType fields, the
 * AlarmConditionType fields the bridge needs (ConditionId is the condition's NodeId), and the tote
 * scan's ConveyorId (namespace 1). A field an event type does not have comes back null.
 */
const FIELDS = ["EventId", "EventType", "SourceName", "Message", "Severity", "Time", "ConditionId", "ConditionName", "ActiveState.Id", "AckedState.Id", "1:ConveyorId"] as const;

export const serverEventsItem: ReadValueIdOptions = { nodeId: "i=2253", attributeId: AttributeIds.EventNotifier };
export const floorEventFilter = () => constructEventFilter([...FIELDS]);

const SCAN_TYPE = floorNodeId(FLOOR_PATHS.scanEventType);

export type FloorEventNotification =
  | { kind: "alarm"; alarm: AlarmRecord; condition: ConditionState }
  | { kind: "scan"; scan: ToteScan }
  /** Around the condition events a ConditionRefresh replays (RefreshStartEventType, RefreshEndEventType). */
  | { kind: "refreshStart" | "refreshEnd" };

const REFRESH_START = "ns=0;i=2787";
const REFRESH_END = "ns=0;i=2788";

const text = (v: unknown): string => (typeof v === "string" ? v : typeof (v as { text?: unknown })?.text === "string" ? (v as { text: string }).text : "");

/**
 * Turns one event's selected fields into a floor event; other event types give undefined. An alarm
 * condition's NodeId is `ns=1;s=<Kind>/<deviceId>/<ConditionName>`: its kind's descriptor gives the
 * alarm's API id (`JAM/<deviceId>`).
 */
export function parseFloorEvent(fields: Variant[], kinds: readonly AnyDevice[] = DEVICE_KINDS): FloorEventNotification | undefined {
  const value = (name: (typeof FIELDS)[number]): unknown => fields[FIELDS.indexOf(name)]?.value;
  const time = value("Time");
  const at = time instanceof Date ? time : new Date();
  const conditionId = value("ConditionId");
  if (conditionId) {
    const nodeId = String(conditionId);
    const kind = /^ns=1;s=([^/]+)\//.exec(nodeId)?.[1];
    const alarm = kinds.find((d) => d.kind === kind)?.alarms?.find((a) => a.name === text(value("ConditionName")));
    const eventId = value("EventId");
    if (!alarm || !(eventId instanceof Uint8Array)) return undefined;
    const deviceId = text(value("SourceName"));
    const severity = value("Severity");
    const active = value("ActiveState.Id") === true;
    return {
      kind: "alarm",
      alarm: { id: alarmId(alarm, deviceId), deviceId, message: text(value("Message")), severity: typeof severity === "number" ? severity : 0, raisedAt: at, active },
      condition: { conditionId: nodeId, eventId, active, acked: value("AckedState.Id") === true },
    };
  }
  const type = String(value("EventType") ?? "");
  if (type === REFRESH_START) return { kind: "refreshStart" };
  if (type === REFRESH_END) return { kind: "refreshEnd" };
  if (type === SCAN_TYPE) {
    return { kind: "scan", scan: { scannerId: text(value("SourceName")), toteId: text(value("Message")), conveyorId: text(value("1:ConveyorId")), at } };
  }
  return undefined;
}
