import { DataType, type AddressSpace } from "node-opcua";
import type { FloorEngine } from "../engine/engine.ts";
import type { BuildContext } from "./build-context.ts";
import { type DeviceKind, FLOOR_PATHS, NAMESPACE_URI } from "./contract.ts";
import { addEventTypes, forwardEngineEvents } from "./events.ts";
import { addRobots } from "./robots.ts";
import { VariableSync } from "./variable-sync.ts";
import { addConveyors, addScanners, addSorters, addZones } from "./zones-and-belts.ts";

const FOLDERS: Record<DeviceKind, string> = { Zone: "Zones", Conveyor: "Conveyors", Sorter: "Sorters", Chute: "Chutes", Robot: "Robots", Scanner: "Scanners" };

/**
 * Builds the floor's address space in the server's own namespace (index 1, whose URI is the
 * contract's) and returns the function that publishes engine state after each tick.
 */
export function buildFloorAddressSpace(addressSpace: AddressSpace, engine: FloorEngine): { sync: () => void; dispose: () => void } {
  const namespace = addressSpace.getOwnNamespace();
  if (namespace.namespaceUri !== NAMESPACE_URI || namespace.index !== 1) {
    throw new Error(`expected namespace 1 to be ${NAMESPACE_URI}, got ${namespace.index} ${namespace.namespaceUri}`);
  }
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
  const folders = Object.fromEntries(
    Object.entries(FOLDERS).map(([kind, name]) => [kind, namespace.addFolder(floorNode, { nodeId: `s=Floor/${name}`, browseName: name })]),
  ) as BuildContext["folders"];

  const sync = new VariableSync(namespace);
  const ctx: BuildContext = { namespace, engine, sync, folders, devices: new Map(), afterCommand: () => sync.sync() };

  const layout = JSON.stringify(engine.floor);
  sync.add(floorNode, FLOOR_PATHS.layout, "Layout", DataType.String, () => layout);
  sync.add(floorNode, FLOOR_PATHS.clock, "Clock", DataType.DateTime, () => new Date(engine.state.now));
  sync.add(floorNode, FLOOR_PATHS.seed, "Seed", DataType.UInt32, () => engine.seed);
  sync.add(floorNode, FLOOR_PATHS.activeAlarms, "ActiveAlarms", DataType.String, () => JSON.stringify(engine.state.alarms));

  addZones(ctx);
  addConveyors(ctx);
  addSorters(ctx);
  addRobots(ctx);
  addScanners(ctx);

  const stopForwarding = forwardEngineEvents(engine, addEventTypes(namespace), ctx.devices, floorNode);
  return { sync: () => sync.sync(), dispose: stopForwarding };
}
