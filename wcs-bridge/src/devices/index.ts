/**
 * The floor's device kinds: one descriptor each (variables, methods, states, alarms). The
 * simulator builds its ObjectTypes and instances from this list, the bridge its monitored items
 * and parsers. Adding a kind: a file here, its entry below, and its simulation (values, commands).
 */
import { chuteDevice } from "./chute.ts";
import { conveyorDevice } from "./conveyor.ts";
import type { AnyDevice } from "./descriptor.ts";
import { robotDevice } from "./robot.ts";
import { scannerDevice } from "./scanner.ts";
import { sorterDevice } from "./sorter.ts";
import { zoneDevice } from "./zone.ts";

export const DEVICE_KINDS: readonly AnyDevice[] = [zoneDevice, conveyorDevice, sorterDevice, chuteDevice, robotDevice, scannerDevice];

export const deviceKind = (kind: string): AnyDevice | undefined => DEVICE_KINDS.find((d) => d.kind === kind);

export * from "./descriptor.ts";
export * from "./contract.ts";
export * from "./floor-file.ts";
export { zoneDevice, type ZoneRecord } from "./zone.ts";
export { conveyorDevice, CONVEYOR_STATES, type ConveyorRecord, type ConveyorStateName } from "./conveyor.ts";
export { sorterDevice, SORTER_STATES, type SorterRecord, type SorterStateName } from "./sorter.ts";
export { chuteDevice, type ChuteRecord } from "./chute.ts";
export { robotDevice, ROBOT_STATES, type RobotRecord, type RobotStateName, type RobotErrorRecord } from "./robot.ts";
export { scannerDevice, type ScannerRecord } from "./scanner.ts";
