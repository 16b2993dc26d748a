import { AttributeIds, type ReadValueIdOptions } from "node-opcua";
import { type DeviceKind, FLOOR_PATHS, devicePath } from "../../simulator/address-space/contract.ts";
import type { Floor } from "../../simulator/floor.ts";
import type { VariableUpdate } from "../state/live-floor-state.ts";

/** The contract's variables per device kind (wcs-bridge/README.md, "Address-space contract"). */
export const CONTRACT_VARIABLES: Record<DeviceKind, readonly string[]> = {
  Zone: ["EStopped", "Name"],
  Conveyor: ["State", "Speed", "Setpoint", "MinSpeed", "MaxSpeed", "ToteCount", "ZoneId", "Name"],
  Sorter: ["State", "InductRate", "ToteCount", "Recirculated", "ZoneId"],
  Chute: ["Destination", "Full", "Enabled", "Count", "Capacity", "SorterId"],
  Robot: ["State", "OperatingMode", "Battery", "Charging", "X", "Y", "Heading", "CurrentTask", "TargetLocationId", "Errors"],
  Scanner: ["LastToteId", "ScanCount", "ConveyorId"],
};

/** String NodeId in the simulator's namespace; its index is 1 by contract (checked on connect). */
export const floorNodeId = (path: string) => `ns=1;s=${path}`;

export interface WatchedVariable {
  readValueId: ReadValueIdOptions;
  /** The update this variable produces, minus its value. */
  target: Omit<VariableUpdate, "value">;
}

/** Every device variable of the floor described by the layout, plus Floor/ActiveAlarms. */
export function watchedVariables(layout: Floor): WatchedVariable[] {
  const devices: [DeviceKind, string][] = [
    ...layout.zones.map((z): [DeviceKind, string] => ["Zone", z.id]),
    ...layout.conveyors.map((c): [DeviceKind, string] => ["Conveyor", c.id]),
    ...layout.sorters.map((s): [DeviceKind, string] => ["Sorter", s.id]),
    ...layout.sorters.flatMap((s) => s.chutes.map((c): [DeviceKind, string] => ["Chute", c.id])),
    ...layout.robots.map((r): [DeviceKind, string] => ["Robot", r.id]),
    ...layout.scanners.map((s): [DeviceKind, string] => ["Scanner", s.id]),
  ];
  const watched: WatchedVariable[] = devices.flatMap(([kind, id]) =>
    CONTRACT_VARIABLES[kind].map((variable) => ({
      readValueId: { nodeId: floorNodeId(devicePath(kind, id, variable)), attributeId: AttributeIds.Value },
      target: { kind, id, variable },
    })),
  );
  watched.push({
    readValueId: { nodeId: floorNodeId(FLOOR_PATHS.activeAlarms), attributeId: AttributeIds.Value },
    target: { kind: "Floor", id: "Floor", variable: "ActiveAlarms" },
  });
  return watched;
}
