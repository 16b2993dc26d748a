import type { Floor } from "./floor-file.ts";

/**
 * A device kind's contract, shared by the simulator (which builds the kind's OPC UA ObjectType and
 * instances from it) and the bridge (which builds its monitored items and value parsers from it).
 * Nothing here imports node-opcua or either side: data types are named as OPC UA names them.
 */
export type VariableDataType = "String" | "Double" | "Boolean" | "UInt32";
export type ArgumentDataType = "String" | "Double" | "Boolean";

/** Every device record the bridge keeps says whether it is current. */
export interface Freshness {
  stale: boolean;
  lastSeenAt: Date | null;
}

export interface VariableDescriptor<R> {
  /** Browse name, and the last segment of its NodeId (`<Kind>/<id>/<browseName>`). */
  browseName: string;
  dataType: VariableDataType;
  description: string;
  /** The bridge record's field the value lands in (the GraphQL type's field of that name, unless `graphql` says otherwise). */
  field: keyof R & string;
  /**
   * The PLC value (already checked against dataType) as the field holds it; undefined drops a
   * malformed value. Default: the value as it is.
   */
  decode?: (value: never) => unknown;
  /** Where the GraphQL type shows it when not under `field` (e.g. `position.x`); null: not shown. */
  graphql?: string | null;
}

export interface ArgumentDescriptor {
  name: string;
  dataType: ArgumentDataType;
  description: string;
}

export interface MethodDescriptor {
  /** Browse name; every method answers Accepted (Boolean) and Reason (String). */
  name: string;
  description: string;
  args: readonly ArgumentDescriptor[];
}

/**
 * An alarm a device of the kind can raise: one AlarmConditionType instance per device, a component
 * of the device named `name`, whose ConditionName is `name` too. Its API id is `<idPrefix>/<deviceId>`.
 */
export interface AlarmDescriptor {
  name: string;
  idPrefix: string;
  /** Browse name of the variable the alarm watches (the condition's InputNode). */
  input: string;
  /** Nominal severity (1–1000); the PLC may raise it with another (a robot's WARNING is 500). */
  severity: number;
  description: string;
}

export interface DeviceDescriptor<R extends { id: string } = { id: string }> {
  /** `Conveyor`: the NodeId prefix and the ObjectType's name without `Type`. */
  kind: string;
  /** The folder under Objects/Floor holding the instances. */
  folder: string;
  description: string;
  variables: readonly VariableDescriptor<R>[];
  methods: readonly MethodDescriptor[];
  /** Values of the `State` variable, when the kind has one. */
  states?: readonly string[];
  alarms?: readonly AlarmDescriptor[];
  /** The GraphQL type showing the kind's records, if it has its own. */
  graphqlType?: string;
  /**
   * Where the bridge keeps the records: its own change event, or inside another kind's record
   * (a chute is part of its sorter's record, and its changes are the sorter's).
   */
  store: { event: string } | { within: string; parentId: (record: R) => string; list: string };
  /** The records of the floor's devices of this kind as the bridge starts: never seen, stale. */
  initialRecords(layout: Floor): R[];
}

/** Any kind's descriptor, for lists of kinds (each one is checked against its record type where it is defined). */
// biome-ignore lint/suspicious/noExplicitAny: a descriptor's record type is contravariant in places; lists hold any kind.
export type AnyDevice = DeviceDescriptor<any>;

/** A device kind's name, as in NodeIds (`Conveyor`); open, so a new kind needs no edit here. */
export type DeviceKind = string;

/** The ObjectType's browse name and NodeId (`s=ConveyorType`). */
export const typeName = (d: Pick<DeviceDescriptor, "kind">) => `${d.kind}Type`;

const checks: Record<VariableDataType, (v: unknown) => boolean> = {
  String: (v) => typeof v === "string",
  Double: (v) => typeof v === "number" && Number.isFinite(v),
  UInt32: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0,
  Boolean: (v) => typeof v === "boolean",
};

/**
 * Sets one variable's value into a record, as the descriptor says. A value of the wrong type (or
 * one its decoder rejects) is ignored rather than corrupting the record; false if nothing was set.
 */
export function applyVariable<R extends { id: string }>(descriptor: DeviceDescriptor<R>, record: R, browseName: string, value: unknown): boolean {
  const variable = descriptor.variables.find((v) => v.browseName === browseName);
  if (!variable || !checks[variable.dataType](value)) return false;
  const decoded = variable.decode ? variable.decode(value as never) : value;
  if (decoded === undefined) return false;
  (record as Record<string, unknown>)[variable.field] = decoded;
  return true;
}

export const alarmId = (alarm: AlarmDescriptor, deviceId: string) => `${alarm.idPrefix}/${deviceId}`;

/** The API id of a device's alarm, by the alarm's name in its kind's descriptor (`JamAlarm` → `JAM/CV-INB-01`). */
export function deviceAlarmId(device: Pick<DeviceDescriptor, "kind" | "alarms">, name: string, deviceId: string): string {
  const alarm = device.alarms?.find((a) => a.name === name);
  if (!alarm) throw new Error(`${device.kind} has no alarm ${name}`);
  return alarmId(alarm, deviceId);
}

/** "" is how a PLC string says "none". */
export const emptyToNull = (v: string) => (v === "" ? null : v);

/** Defines a descriptor with its record type checked against its variables' fields. */
export const defineDevice = <R extends { id: string }>(d: DeviceDescriptor<R>): DeviceDescriptor<R> => d;
