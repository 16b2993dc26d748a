import { type AnyDevice, chuteDevice, conveyorDevice, robotDevice, scannerDevice, sorterDevice, zoneDevice } from "../../devices/index.ts";
import type { FloorEngine } from "../engine/engine.ts";
import type { DeviceBinding } from "./devices.ts";

/**
 * How the engine simulates each device kind: the values of its descriptor's variables and the
 * engine commands behind its methods. The kinds' shapes (names, types, arguments) are the
 * descriptors'; addDeviceKind refuses a binding that misses one.
 */
export const SIMULATED_KINDS: readonly { device: AnyDevice; bind(engine: FloorEngine): DeviceBinding[] }[] = [
  {
    device: zoneDevice,
    bind: (engine) =>
      engine.state.zones.map((zone) => ({
        id: zone.id,
        displayName: `${zone.code} ${zone.name}`,
        description: `Zone ${zone.code}`,
        values: { EStopped: () => zone.eStopped, Name: () => zone.name },
        methods: { EStop: () => engine.eStopZone(zone.id), Reset: () => engine.resetZone(zone.id) },
      })),
  },
  {
    device: conveyorDevice,
    bind: (engine) =>
      engine.state.conveyors.map((c) => ({
        id: c.id,
        displayName: c.name,
        description: `Conveyor ${c.id}, ${c.length} m`,
        values: {
          State: () => engine.conveyorStateName(c),
          Speed: () => c.speed,
          Setpoint: () => c.setpoint,
          MinSpeed: () => c.minSpeed,
          MaxSpeed: () => c.maxSpeed,
          ToteCount: () => c.toteCount,
          ZoneId: () => c.zoneId,
          Name: () => c.name,
        },
        methods: {
          Start: () => engine.startConveyor(c.id),
          Stop: () => engine.stopConveyor(c.id),
          SetSpeed: ([speed]) => engine.setConveyorSpeed(c.id, Number(speed)),
          Reset: () => engine.resetConveyor(c.id),
        },
      })),
  },
  {
    device: sorterDevice,
    bind: (engine) =>
      engine.state.sorters.map((s) => ({
        id: s.id,
        displayName: s.name,
        description: `Sorter ${s.id} with ${s.chuteIds.length} chutes`,
        values: {
          State: () => engine.sorterStateName(s),
          InductRate: () => engine.inductRate(s),
          ToteCount: () => s.toteCount,
          Recirculated: () => s.recirculated,
          ZoneId: () => s.zoneId,
        },
        methods: {
          Start: () => engine.startSorter(s.id),
          Stop: () => engine.stopSorter(s.id),
          EnableChute: ([chuteId, enabled]) => engine.enableChute(s.id, String(chuteId), Boolean(enabled)),
          Divert: ([toteId, chuteId]) => engine.divert(s.id, String(toteId), String(chuteId)),
        },
      })),
  },
  {
    device: chuteDevice,
    bind: (engine) =>
      engine.state.chutes.map((chute) => ({
        id: chute.id,
        displayName: chute.id,
        description: `Chute ${chute.id} of ${chute.sorterId}`,
        values: {
          Destination: () => chute.destination,
          Full: () => engine.isChuteFull(chute),
          Enabled: () => chute.enabled,
          Count: () => chute.contents.length,
          Capacity: () => chute.capacity,
          SorterId: () => chute.sorterId,
        },
        methods: {},
      })),
  },
  {
    device: robotDevice,
    bind: (engine) =>
      engine.state.robots.map((r) => ({
        id: r.id,
        displayName: r.name,
        description: `AMR ${r.id}`,
        values: {
          State: () => r.state,
          OperatingMode: () => r.operatingMode,
          Battery: () => Math.round(r.battery * 100) / 100,
          Charging: () => r.charging,
          X: () => r.x,
          Y: () => r.y,
          Heading: () => r.heading,
          CurrentTask: () => r.currentTask,
          TargetLocationId: () => r.targetLocationId,
          Errors: () => JSON.stringify(r.errors),
        },
        methods: {
          AssignTask: ([taskId, locationId]) => engine.assignTask(r.id, String(taskId), String(locationId)),
          Pause: () => engine.pauseRobot(r.id),
          Resume: () => engine.resumeRobot(r.id),
          Cancel: () => engine.cancelRobot(r.id),
          Reset: () => engine.resetRobot(r.id),
        },
      })),
  },
  {
    device: scannerDevice,
    bind: (engine) =>
      engine.state.scanners.map((sc) => ({
        id: sc.id,
        displayName: sc.name,
        description: `Scanner ${sc.id} on ${sc.conveyorId}`,
        values: { LastToteId: () => sc.lastToteId, ScanCount: () => sc.scanCount, ConveyorId: () => sc.conveyorId },
        methods: {},
      })),
  },
];
