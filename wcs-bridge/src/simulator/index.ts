export { startFloorSimulator, defaultPkiDir, type FloorSimulator, type FloorSimulatorOptions, type SimulatorUser } from "./server.ts";
export { FloorEngine, type EngineOptions } from "./engine/engine.ts";
export { defaultDynamics, type Dynamics } from "./engine/context.ts";
export type * from "./engine/types.ts";
export { floorSchema, parseFloor, loadFloor, defaultFloorPath, type Floor, type FloorConveyor, type FloorSorter, type FloorChute, type FloorRobot, type FloorScanner } from "./floor.ts";
export { NAMESPACE_URI, FLOOR_PATHS, METHOD_OUTPUTS, devicePath, type DeviceKind } from "./address-space/contract.ts";
export { loadSimulatorConfig, simulatorEnvSchema, type SimulatorConfig } from "./config.ts";
