/** The WCS bridge's floor side: an OPC UA client that keeps a live, typed picture of the floor. */
export { FloorClient } from "./opcua/floor-client.ts";
export { type FloorClientOptions, defaultBridgePkiDir } from "./opcua/client-options.ts";
export { FloorCommands, type CommandResult } from "./opcua/commands.ts";
export { FloorAuthenticationError, FloorCommandError, FloorConfigurationError, FloorUnavailableError } from "./opcua/errors.ts";
export { LiveFloorState, type VariableUpdate } from "./state/live-floor-state.ts";
export type * from "./state/types.ts";
export { DEVICE_KINDS, defineDevice, applyVariable, type AnyDevice, type DeviceDescriptor } from "../devices/index.ts";
export type { ConditionState } from "./state/live-floor-state.ts";
