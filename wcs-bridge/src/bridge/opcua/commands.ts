import { DataType } from "node-opcua";
import { type AnyDevice, conveyorDevice, devicePath, robotDevice, sorterDevice, zoneDevice } from "../../devices/index.ts";

/** What every floor method answers: a refusal is accepted=false with a reason, not an error. */
export interface CommandResult {
  accepted: boolean;
  reason: string;
}

export interface CommandArg {
  dataType: DataType.String | DataType.Double | DataType.Boolean;
  value: string | number | boolean;
}

/** Calls `<Kind>/<id>/<method>` on `<Kind>/<id>`; rejects with FloorUnavailableError when the floor is away. */
export type MethodInvoker = (devicePath: string, method: string, args: CommandArg[]) => Promise<CommandResult>;
/** Calls the standard Acknowledge of an alarm condition (by the alarm's API id). */
export type AlarmAcknowledger = (alarmId: string, comment: string) => Promise<CommandResult>;

const DATA_TYPES = { String: DataType.String, Double: DataType.Double, Boolean: DataType.Boolean } as const;

/**
 * Calls a method of a device kind, its arguments typed by the kind's descriptor. An unknown method
 * or a wrong number of arguments is a bridge bug, so it throws rather than reaching the PLC.
 */
export function callDeviceMethod(invoke: MethodInvoker, device: AnyDevice, id: string, method: string, values: (string | number | boolean)[] = []) {
  const m = device.methods.find((x) => x.name === method);
  if (!m || m.args.length !== values.length) throw new Error(`${device.kind} has no method ${method} with ${values.length} arguments`);
  return invoke(
    devicePath(device.kind, id),
    method,
    m.args.map((a, i) => ({ dataType: DATA_TYPES[a.dataType], value: values[i] as string | number | boolean })),
  );
}

/** The floor's commands by name, one per contract method, plus Acknowledge of an alarm condition. */
export class FloorCommands {
  constructor(
    private readonly invoke: MethodInvoker,
    readonly acknowledgeAlarm: AlarmAcknowledger = async () => ({ accepted: false, reason: "alarm conditions are not available" }),
  ) {}

  /** Any method of any kind, by its descriptor (a kind without a named command below, a fixture kind). */
  call(device: AnyDevice, id: string, method: string, values: (string | number | boolean)[] = []) {
    return callDeviceMethod(this.invoke, device, id, method, values);
  }

  startConveyor = (id: string) => this.call(conveyorDevice, id, "Start");
  stopConveyor = (id: string) => this.call(conveyorDevice, id, "Stop");
  setConveyorSpeed = (id: string, speed: number) => this.call(conveyorDevice, id, "SetSpeed", [speed]);
  resetConveyor = (id: string) => this.call(conveyorDevice, id, "Reset");

  startSorter = (id: string) => this.call(sorterDevice, id, "Start");
  stopSorter = (id: string) => this.call(sorterDevice, id, "Stop");
  enableChute = (sorterId: string, chuteId: string, enabled: boolean) => this.call(sorterDevice, sorterId, "EnableChute", [chuteId, enabled]);
  divert = (sorterId: string, toteId: string, chuteId: string) => this.call(sorterDevice, sorterId, "Divert", [toteId, chuteId]);

  assignTask = (robotId: string, taskId: string, locationId: string) => this.call(robotDevice, robotId, "AssignTask", [taskId, locationId]);
  pauseRobot = (id: string) => this.call(robotDevice, id, "Pause");
  resumeRobot = (id: string) => this.call(robotDevice, id, "Resume");
  cancelRobot = (id: string) => this.call(robotDevice, id, "Cancel");
  resetRobot = (id: string) => this.call(robotDevice, id, "Reset");

  eStopZone = (zoneId: string) => this.call(zoneDevice, zoneId, "EStop");
  resetZone = (zoneId: string) => this.call(zoneDevice, zoneId, "Reset");
}
