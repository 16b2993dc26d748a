import { DataType } from "node-opcua";
import { devicePath } from "./contract.ts";
import { type BuildContext, addDevice } from "./build-context.ts";
import { addCommand } from "./methods.ts";

/** Robot (AMR) objects, VDA 5050 flavoured: state, battery, pose, task, errors; instant actions. */
export function addRobots(ctx: BuildContext): void {
  const { engine, sync, namespace } = ctx;
  for (const r of engine.state.robots) {
    const path = devicePath("Robot", r.id);
    const node = addDevice(ctx, "Robot", r.id, r.name, `AMR ${r.id}`);
    sync.add(node, `${path}/State`, "State", DataType.String, () => r.state);
    sync.add(node, `${path}/OperatingMode`, "OperatingMode", DataType.String, () => r.operatingMode);
    sync.add(node, `${path}/Battery`, "Battery", DataType.Double, () => Math.round(r.battery * 100) / 100);
    sync.add(node, `${path}/Charging`, "Charging", DataType.Boolean, () => r.charging);
    sync.add(node, `${path}/X`, "X", DataType.Double, () => r.x);
    sync.add(node, `${path}/Y`, "Y", DataType.Double, () => r.y);
    sync.add(node, `${path}/Heading`, "Heading", DataType.Double, () => r.heading);
    sync.add(node, `${path}/CurrentTask`, "CurrentTask", DataType.String, () => r.currentTask);
    sync.add(node, `${path}/TargetLocationId`, "TargetLocationId", DataType.String, () => r.targetLocationId);
    sync.add(node, `${path}/Errors`, "Errors", DataType.String, () => JSON.stringify(r.errors));
    addCommand(
      namespace,
      node,
      path,
      "AssignTask",
      [
        { name: "taskId", dataType: DataType.String, description: "the WMS task this drive serves" },
        { name: "locationId", dataType: DataType.String, description: "a location id with a waypoint on this floor" },
      ],
      ([taskId, locationId]) => engine.assignTask(r.id, String(taskId), String(locationId)),
      ctx.afterCommand,
    );
    addCommand(namespace, node, path, "Pause", [], () => engine.pauseRobot(r.id), ctx.afterCommand);
    addCommand(namespace, node, path, "Resume", [], () => engine.resumeRobot(r.id), ctx.afterCommand);
    addCommand(namespace, node, path, "Cancel", [], () => engine.cancelRobot(r.id), ctx.afterCommand);
    addCommand(namespace, node, path, "Reset", [], () => engine.resetRobot(r.id), ctx.afterCommand);
  }
}
