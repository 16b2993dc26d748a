import { DataType, type UAObject } from "node-opcua";
import { type AnyDevice, alarmId, devicePath } from "../../devices/index.ts";
import type { CommandResult } from "../engine/types.ts";
import type { BuildContext } from "./build-context.ts";
import { addDeviceType } from "./device-type.ts";
import { addCommand } from "./methods.ts";

type Primitive = string | number | boolean;

/** One simulated device of a kind: where its variables' values come from and what its methods do. */
export interface DeviceBinding {
  id: string;
  displayName: string;
  description: string;
  /** A reader per variable of the kind (by browse name). */
  values: Record<string, () => Primitive>;
  /** A handler per method of the kind (by name), given the call's argument values. */
  methods: Record<string, (args: unknown[]) => CommandResult>;
}

/**
 * Builds a device kind from its descriptor: the ObjectType, a folder `Floor/<folder>`, and per device
 * an instance of the type (`addObject({ typeDefinition })`) with the type's variables and methods
 * under the contract's string NodeIds, and an AlarmConditionType instance per alarm of the kind.
 */
export function addDeviceKind(ctx: BuildContext, device: AnyDevice, bindings: DeviceBinding[]): void {
  const { namespace } = ctx;
  const type = addDeviceType(namespace, device);
  // Floor → folder → device: the HasNotifier/HasEventSource chain from the Server object that
  // alarm conditions need (their source must be an event source), and where clients subscribe.
  const folder = namespace.addObject({
    nodeId: `s=Floor/${device.folder}`,
    browseName: device.folder,
    typeDefinition: "FolderType",
    organizedBy: ctx.floor,
    eventNotifier: 1,
    notifierOf: ctx.floor,
  });
  for (const b of bindings) {
    const path = devicePath(device.kind, b.id);
    const node = namespace.addObject({
      nodeId: `s=${path}`,
      browseName: b.id,
      displayName: b.displayName,
      description: b.description,
      typeDefinition: type,
      organizedBy: folder,
      // Clients may subscribe to one device's events (alarms, scans) instead of the Server's.
      eventNotifier: 1,
      eventSourceOf: folder,
    });
    ctx.devices.set(b.id, node);
    const variables = new Map(
      device.variables.map((v) => {
        const read = b.values[v.browseName];
        if (!read) throw new Error(`${path}: no value for ${v.browseName}`);
        return [v.browseName, ctx.sync.add(node, `${path}/${v.browseName}`, v.browseName, DataType[v.dataType], read)];
      }),
    );
    for (const m of device.methods) {
      const run = b.methods[m.name];
      if (!run) throw new Error(`${path}: no handler for ${m.name}`);
      addCommand(namespace, node, path, m, run, ctx.afterCommand);
    }
    for (const alarm of device.alarms ?? []) addAlarmCondition(ctx, node, path, alarm, b.id, variables.get(alarm.input));
  }
}

function addAlarmCondition(ctx: BuildContext, node: UAObject, path: string, alarm: NonNullable<AnyDevice["alarms"]>[number], deviceId: string, input: ReturnType<BuildContext["sync"]["add"]> | undefined): void {
  if (!input) throw new Error(`${path}: alarm ${alarm.name} watches an unknown variable ${alarm.input}`);
  const condition = ctx.namespace.instantiateAlarmCondition("AlarmConditionType", {
    nodeId: `s=${path}/${alarm.name}`,
    browseName: alarm.name,
    conditionName: alarm.name,
    componentOf: node,
    conditionSource: node,
    inputNode: input,
    // Confirm as well as Acknowledge: an operator may confirm the cause was dealt with.
    optionals: ["ConfirmedState", "Confirm"],
  });
  // SourceName defaults to the source's qualified browse name ("1:CV-INB-01"): events name the device by its id.
  condition.sourceName.setValueFromSource({ dataType: DataType.String, value: deviceId });
  condition.setEnabledState(true);
  ctx.conditions.set(alarmId(alarm, deviceId), condition);
}
