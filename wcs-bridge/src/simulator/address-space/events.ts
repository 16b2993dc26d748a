import { DataType, type Namespace, StatusCodes, type UAAlarmConditionEx, type UAObject, type UAObjectType } from "node-opcua";
import { FLOOR_PATHS } from "../../devices/index.ts";
import type { FloorEngine } from "../engine/engine.ts";
import type { Alarm } from "../engine/types.ts";

/**
 * The tote scan event type (a BaseEventType subtype with a ConveyorId property, Message = tote id).
 * Alarms are not an event type of their own: they are the devices' AlarmConditionType instances.
 */
export function addScanEventType(namespace: Namespace): UAObjectType {
  const baseEventType = namespace.addressSpace.findEventType("BaseEventType") as UAObjectType;
  // addObjectType rather than addEventType: it lets the type have the contract's string NodeId.
  const scan = namespace.addObjectType({ browseName: FLOOR_PATHS.scanEventType, nodeId: `s=${FLOOR_PATHS.scanEventType}`, subtypeOf: baseEventType, isAbstract: false });
  namespace.addVariable({ propertyOf: scan, browseName: "ConveyorId", dataType: "String", modellingRule: "Mandatory" });
  return scan;
}

/**
 * Raises a scan event from the scanner for every scan, and drives the alarm conditions: a raised
 * alarm activates its condition (unacknowledged, retained, Time = when the engine raised it), a
 * cleared one deactivates it with Severity 1 and "Cleared: …"; it stays retained until acknowledged.
 */
export function forwardEngineEvents(engine: FloorEngine, scanType: UAObjectType, devices: Map<string, UAObject>, floor: UAObject, conditions: Map<string, UAAlarmConditionEx>): () => void {
  const source = (id: string) => devices.get(id) ?? floor;
  const onAlarm = (alarm: Alarm, active: boolean) => {
    const condition = conditions.get(alarm.id);
    if (!condition) return;
    if (active) condition.activateAlarm();
    else condition.deactivateAlarm();
    condition.raiseNewCondition({
      message: active ? alarm.message : `Cleared: ${alarm.message}`,
      severity: active ? alarm.severity : 1,
      quality: StatusCodes.Good,
      retain: true,
      ...(active ? { time: new Date(alarm.raisedAt) } : {}),
    });
  };
  return engine.on((event) => {
    if (event.kind === "scan") {
      source(event.scannerId).raiseEvent(scanType, {
        sourceName: { dataType: DataType.String, value: event.scannerId },
        message: { dataType: DataType.LocalizedText, value: { text: event.toteId } },
        severity: { dataType: DataType.UInt16, value: 1 },
        conveyorId: { dataType: DataType.String, value: event.conveyorId },
      });
    } else onAlarm(event.alarm, event.kind === "alarmRaised");
  });
}
