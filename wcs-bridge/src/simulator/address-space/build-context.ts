import type { Namespace, UAObject } from "node-opcua";
import type { FloorEngine } from "../engine/engine.ts";
import { type DeviceKind, devicePath } from "./contract.ts";
import type { VariableSync } from "./variable-sync.ts";

/** What each device builder needs: where to put nodes, how to publish values and commands. */
export interface BuildContext {
  namespace: Namespace;
  engine: FloorEngine;
  sync: VariableSync;
  /** Called after every command, so its effect is visible before the next tick. */
  afterCommand: () => void;
  folders: Record<DeviceKind, UAObject>;
  /** Device objects by device id, so events can be raised from the device they concern. */
  devices: Map<string, UAObject>;
}

export function addDevice(ctx: BuildContext, kind: DeviceKind, id: string, displayName: string, description: string): UAObject {
  const device = ctx.namespace.addObject({
    nodeId: `s=${devicePath(kind, id)}`,
    browseName: id,
    displayName,
    description,
    organizedBy: ctx.folders[kind],
    // Clients may subscribe to one device's events (jams, scans) instead of the Server's.
    eventNotifier: 1,
  });
  ctx.devices.set(id, device);
  return device;
}
