import { DataType } from "node-opcua";
import { type DeviceKind, devicePath } from "../../simulator/address-space/contract.ts";

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

const s = (value: string): CommandArg => ({ dataType: DataType.String, value });
const d = (value: number): CommandArg => ({ dataType: DataType.Double, value });
const b = (value: boolean): CommandArg => ({ dataType: DataType.Boolean, value });

/** The floor's commands by name, one per contract method. */
export class FloorCommands {
  constructor(private readonly invoke: MethodInvoker) {}

  private call(kind: DeviceKind, id: string, method: string, args: CommandArg[] = []) {
    return this.invoke(devicePath(kind, id), method, args);
  }

  startConveyor = (id: string) => this.call("Conveyor", id, "Start");
  stopConveyor = (id: string) => this.call("Conveyor", id, "Stop");
  setConveyorSpeed = (id: string, speed: number) => this.call("Conveyor", id, "SetSpeed", [d(speed)]);
  resetConveyor = (id: string) => this.call("Conveyor", id, "Reset");

  startSorter = (id: string) => this.call("Sorter", id, "Start");
  stopSorter = (id: string) => this.call("Sorter", id, "Stop");
  enableChute = (sorterId: string, chuteId: string, enabled: boolean) => this.call("Sorter", sorterId, "EnableChute", [s(chuteId), b(enabled)]);
  divert = (sorterId: string, toteId: string, chuteId: string) => this.call("Sorter", sorterId, "Divert", [s(toteId), s(chuteId)]);

  assignTask = (robotId: string, taskId: string, locationId: string) => this.call("Robot", robotId, "AssignTask", [s(taskId), s(locationId)]);
  pauseRobot = (id: string) => this.call("Robot", id, "Pause");
  resumeRobot = (id: string) => this.call("Robot", id, "Resume");
  cancelRobot = (id: string) => this.call("Robot", id, "Cancel");
  resetRobot = (id: string) => this.call("Robot", id, "Reset");

  eStopZone = (zoneId: string) => this.call("Zone", zoneId, "EStop");
  resetZone = (zoneId: string) => this.call("Zone", zoneId, "Reset");
}
