import type { Namespace, UAAlarmConditionEx, UAObject } from "node-opcua";
import type { VariableSync } from "./variable-sync.ts";

/** What the device builder needs: where to put nodes, how to publish values and commands. */
export interface BuildContext {
  namespace: Namespace;
  sync: VariableSync;
  /** Called after every command, so its effect is visible before the next tick. */
  afterCommand: () => void;
  /** Objects/Floor: each kind's folder goes under it. */
  floor: UAObject;
  /** Device objects by device id, so events can be raised from the device they concern. */
  devices: Map<string, UAObject>;
  /** Alarm conditions by the alarm's API id (`JAM/CV-INB-01`). */
  conditions: Map<string, UAAlarmConditionEx>;
}
