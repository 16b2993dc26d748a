import { DataType, type AddressSpace } from "node-opcua";
import { type AnyDevice, FLOOR_PATHS, NAMESPACE_URI } from "../../devices/index.ts";
import type { FloorEngine } from "../engine/engine.ts";
import { SIMULATED_KINDS } from "./bindings.ts";
import type { BuildContext } from "./build-context.ts";
import { type DeviceBinding, addDeviceKind } from "./devices.ts";
import { addScanEventType, forwardEngineEvents } from "./events.ts";
import { VariableSync } from "./variable-sync.ts";

/** A device kind with its simulation: the engine's by default, or any source of values (tests). */
export interface SimulatedKind {
  device: AnyDevice;
  bind(engine: FloorEngine): DeviceBinding[];
}

/**
 * Builds the floor's address space in the server's own namespace (index 1, whose URI is the
 * contract's): each device kind's ObjectType and instances from its descriptor, and returns the
 * function that publishes engine state after each tick.
 */
export function buildFloorAddressSpace(addressSpace: AddressSpace, engine: FloorEngine, kinds: readonly SimulatedKind[] = SIMULATED_KINDS): { sync: () => void; dispose: () => void } {
  const namespace = addressSpace.getOwnNamespace();
  if (namespace.namespaceUri !== NAMESPACE_URI || namespace.index !== 1) {
    throw new Error(`expected namespace 1 to be ${NAMESPACE_URI}, got ${namespace.index} ${namespace.namespaceUri}`);
  }
  // Binds ConditionType's ConditionRefresh (and the condition methods' handlers) for the devices' alarm conditions.
  addressSpace.installAlarmsAndConditionsService();
  const floorNode = namespace.addObject({
    nodeId: `s=${FLOOR_PATHS.floor}`,
    browseName: "Floor",
    // A folder, so the device folders can hang under it; also an event notifier for the floor.
    typeDefinition: "FolderType",
    description: `Floor simulator for warehouse ${engine.floor.warehouse.code}`,
    organizedBy: addressSpace.rootFolder.objects,
    eventNotifier: 1,
    notifierOf: addressSpace.rootFolder.objects.server,
  });

  const sync = new VariableSync(namespace);
  const ctx: BuildContext = { namespace, sync, floor: floorNode, devices: new Map(), conditions: new Map(), afterCommand: () => sync.sync() };

  const layout = JSON.stringify(engine.floor);
  sync.add(floorNode, FLOOR_PATHS.layout, "Layout", DataType.String, () => layout);
  sync.add(floorNode, FLOOR_PATHS.clock, "Clock", DataType.DateTime, () => new Date(engine.state.now));
  sync.add(floorNode, FLOOR_PATHS.seed, "Seed", DataType.UInt32, () => engine.seed);
  sync.add(floorNode, FLOOR_PATHS.activeAlarms, "ActiveAlarms", DataType.String, () => JSON.stringify(engine.state.alarms));

  for (const { device, bind } of kinds) addDeviceKind(ctx, device, bind(engine));

  const stopForwarding = forwardEngineEvents(engine, addScanEventType(namespace), ctx.devices, floorNode, ctx.conditions);
  return { sync: () => sync.sync(), dispose: stopForwarding };
}
