import { DataType } from "node-opcua";
import { devicePath } from "./contract.ts";
import { type BuildContext, addDevice } from "./build-context.ts";
import { addCommand } from "./methods.ts";

/** Zone objects: the e-stop and its reset. */
export function addZones(ctx: BuildContext): void {
  const { engine, sync, namespace } = ctx;
  for (const zone of engine.state.zones) {
    const path = devicePath("Zone", zone.id);
    const node = addDevice(ctx, "Zone", zone.id, `${zone.code} ${zone.name}`, `Zone ${zone.code}`);
    sync.add(node, `${path}/EStopped`, "EStopped", DataType.Boolean, () => zone.eStopped);
    sync.add(node, `${path}/Name`, "Name", DataType.String, () => zone.name);
    addCommand(namespace, node, path, "EStop", [], () => engine.eStopZone(zone.id), ctx.afterCommand);
    addCommand(namespace, node, path, "Reset", [], () => engine.resetZone(zone.id), ctx.afterCommand);
  }
}

/** Conveyor objects: state, speeds, cumulative tote count; Start/Stop/SetSpeed/Reset. */
export function addConveyors(ctx: BuildContext): void {
  const { engine, sync, namespace } = ctx;
  for (const c of engine.state.conveyors) {
    const path = devicePath("Conveyor", c.id);
    const node = addDevice(ctx, "Conveyor", c.id, c.name, `Conveyor ${c.id}, ${c.length} m`);
    sync.add(node, `${path}/State`, "State", DataType.String, () => engine.conveyorStateName(c));
    sync.add(node, `${path}/Speed`, "Speed", DataType.Double, () => c.speed);
    sync.add(node, `${path}/Setpoint`, "Setpoint", DataType.Double, () => c.setpoint);
    sync.add(node, `${path}/MinSpeed`, "MinSpeed", DataType.Double, () => c.minSpeed);
    sync.add(node, `${path}/MaxSpeed`, "MaxSpeed", DataType.Double, () => c.maxSpeed);
    sync.add(node, `${path}/ToteCount`, "ToteCount", DataType.UInt32, () => c.toteCount);
    sync.add(node, `${path}/ZoneId`, "ZoneId", DataType.String, () => c.zoneId);
    sync.add(node, `${path}/Name`, "Name", DataType.String, () => c.name);
    addCommand(namespace, node, path, "Start", [], () => engine.startConveyor(c.id), ctx.afterCommand);
    addCommand(namespace, node, path, "Stop", [], () => engine.stopConveyor(c.id), ctx.afterCommand);
    addCommand(
      namespace,
      node,
      path,
      "SetSpeed",
      [{ name: "speed", dataType: DataType.Double, description: "belt speed setpoint, m/s, within [MinSpeed, MaxSpeed]" }],
      ([speed]) => engine.setConveyorSpeed(c.id, Number(speed)),
      ctx.afterCommand,
    );
    addCommand(namespace, node, path, "Reset", [], () => engine.resetConveyor(c.id), ctx.afterCommand);
  }
}

/** Sorter and chute objects: induct statistics, chute fill levels; routing commands. */
export function addSorters(ctx: BuildContext): void {
  const { engine, sync, namespace } = ctx;
  for (const s of engine.state.sorters) {
    const path = devicePath("Sorter", s.id);
    const node = addDevice(ctx, "Sorter", s.id, s.name, `Sorter ${s.id} with ${s.chuteIds.length} chutes`);
    sync.add(node, `${path}/State`, "State", DataType.String, () => engine.sorterStateName(s));
    sync.add(node, `${path}/InductRate`, "InductRate", DataType.Double, () => engine.inductRate(s));
    sync.add(node, `${path}/ToteCount`, "ToteCount", DataType.UInt32, () => s.toteCount);
    sync.add(node, `${path}/Recirculated`, "Recirculated", DataType.UInt32, () => s.recirculated);
    sync.add(node, `${path}/ZoneId`, "ZoneId", DataType.String, () => s.zoneId);
    addCommand(namespace, node, path, "Start", [], () => engine.startSorter(s.id), ctx.afterCommand);
    addCommand(namespace, node, path, "Stop", [], () => engine.stopSorter(s.id), ctx.afterCommand);
    addCommand(
      namespace,
      node,
      path,
      "EnableChute",
      [
        { name: "chuteId", dataType: DataType.String, description: "chute id, e.g. CH-01" },
        { name: "enabled", dataType: DataType.Boolean, description: "false takes the chute out of service" },
      ],
      ([chuteId, enabled]) => engine.enableChute(s.id, String(chuteId), Boolean(enabled)),
      ctx.afterCommand,
    );
    addCommand(
      namespace,
      node,
      path,
      "Divert",
      [
        { name: "toteId", dataType: DataType.String, description: "the scanned tote" },
        { name: "chuteId", dataType: DataType.String, description: "where it should go" },
      ],
      ([toteId, chuteId]) => engine.divert(s.id, String(toteId), String(chuteId)),
      ctx.afterCommand,
    );
  }
  for (const chute of engine.state.chutes) {
    const path = devicePath("Chute", chute.id);
    const node = addDevice(ctx, "Chute", chute.id, chute.id, `Chute ${chute.id} of ${chute.sorterId}`);
    sync.add(node, `${path}/Destination`, "Destination", DataType.String, () => chute.destination);
    sync.add(node, `${path}/Full`, "Full", DataType.Boolean, () => engine.isChuteFull(chute));
    sync.add(node, `${path}/Enabled`, "Enabled", DataType.Boolean, () => chute.enabled);
    sync.add(node, `${path}/Count`, "Count", DataType.UInt32, () => chute.contents.length);
    sync.add(node, `${path}/Capacity`, "Capacity", DataType.UInt32, () => chute.capacity);
    sync.add(node, `${path}/SorterId`, "SorterId", DataType.String, () => chute.sorterId);
  }
}

/** Scanner objects; each scan is also an event (see events.ts). */
export function addScanners(ctx: BuildContext): void {
  const { engine, sync } = ctx;
  for (const sc of engine.state.scanners) {
    const path = devicePath("Scanner", sc.id);
    const node = addDevice(ctx, "Scanner", sc.id, sc.name, `Scanner ${sc.id} on ${sc.conveyorId}`);
    sync.add(node, `${path}/LastToteId`, "LastToteId", DataType.String, () => sc.lastToteId);
    sync.add(node, `${path}/ScanCount`, "ScanCount", DataType.UInt32, () => sc.scanCount);
    sync.add(node, `${path}/ConveyorId`, "ConveyorId", DataType.String, () => sc.conveyorId);
  }
}
