import { DataType, type Namespace, type UAObject, type UAObjectType } from "node-opcua";
import type { FloorEngine } from "../engine/engine.ts";
import type { Alarm } from "../engine/types.ts";
import { FLOOR_PATHS } from "./contract.ts";

/**
 * Two BaseEventType subtypes, so a client can filter on EventType: alarms (raised and cleared,
 * with AlarmId and Active properties) and tote scans (Message = tote id).
 */
export function addEventTypes(namespace: Namespace): { alarm: UAObjectType; scan: UAObjectType } {
  const baseEventType = namespace.addressSpace.findEventType("BaseEventType") as UAObjectType;
  // addObjectType rather than addEventType: it lets the types have the contract's string NodeIds.
  const eventType = (name: string) => namespace.addObjectType({ browseName: name, nodeId: `s=${name}`, subtypeOf: baseEventType, isAbstract: false });
  const alarm = eventType(FLOOR_PATHS.alarmEventType);
  for (const [browseName, dataType] of [
    ["AlarmId", "String"],
    ["Active", "Boolean"],
  ] as const) {
    namespace.addVariable({ propertyOf: alarm, browseName, dataType, modellingRule: "Mandatory" });
  }
  const scan = eventType(FLOOR_PATHS.scanEventType);
  namespace.addVariable({ propertyOf: scan, browseName: "ConveyorId", dataType: "String", modellingRule: "Mandatory" });
  return { alarm, scan };
}

/** Raises an OPC UA event from the device concerned for every scan and alarm change. */
export function forwardEngineEvents(engine: FloorEngine, types: { alarm: UAObjectType; scan: UAObjectType }, devices: Map<string, UAObject>, floor: UAObject): () => void {
  const source = (id: string) => devices.get(id) ?? floor;
  const raiseAlarm = (alarm: Alarm, active: boolean) =>
    source(alarm.deviceId).raiseEvent(types.alarm, {
      sourceName: { dataType: DataType.String, value: alarm.deviceId },
      message: { dataType: DataType.LocalizedText, value: { text: active ? alarm.message : `Cleared: ${alarm.message}` } },
      severity: { dataType: DataType.UInt16, value: active ? alarm.severity : 1 },
      alarmId: { dataType: DataType.String, value: alarm.id },
      active: { dataType: DataType.Boolean, value: active },
    });
  return engine.on((event) => {
    if (event.kind === "scan") {
      source(event.scannerId).raiseEvent(types.scan, {
        sourceName: { dataType: DataType.String, value: event.scannerId },
        message: { dataType: DataType.LocalizedText, value: { text: event.toteId } },
        severity: { dataType: DataType.UInt16, value: 1 },
        conveyorId: { dataType: DataType.String, value: event.conveyorId },
      });
    } else raiseAlarm(event.alarm, event.kind === "alarmRaised");
  });
}
