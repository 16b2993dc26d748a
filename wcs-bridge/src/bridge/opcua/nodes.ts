import { AttributeIds, type ReadValueIdOptions } from "node-opcua";
import { type AnyDevice, DEVICE_KINDS, FLOOR_PATHS, type Floor, devicePath, floorNodeId } from "../../devices/index.ts";
import type { VariableUpdate } from "../state/live-floor-state.ts";

export { floorNodeId };

export interface WatchedVariable {
  readValueId: ReadValueIdOptions;
  /** The update this variable produces, minus its value. */
  target: Omit<VariableUpdate, "value">;
}

/** Every variable of every device of the given kinds on the floor the layout describes, plus Floor/ActiveAlarms. */
export function watchedVariables(layout: Floor, kinds: readonly AnyDevice[] = DEVICE_KINDS): WatchedVariable[] {
  const watched: WatchedVariable[] = kinds.flatMap((d) =>
    d.initialRecords(layout).flatMap(({ id }) =>
      d.variables.map(({ browseName: variable }) => ({
        readValueId: { nodeId: floorNodeId(devicePath(d.kind, id, variable)), attributeId: AttributeIds.Value },
        target: { kind: d.kind, id, variable },
      })),
    ),
  );
  watched.push({
    readValueId: { nodeId: floorNodeId(FLOOR_PATHS.activeAlarms), attributeId: AttributeIds.Value },
    target: { kind: "Floor", id: "Floor", variable: "ActiveAlarms" },
  });
  return watched;
}
