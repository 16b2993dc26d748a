import type { ConveyorState, RobotState, SorterState } from "../generated/graphql.ts";

// One colour per state, after ISA-101 habits: green runs, amber stands still on purpose, reds are
// faults and stops that need someone. Stale devices (PLC unreachable) are grey whatever their last state.
export const STALE_COLOR = "#adb5bd";

export const CONVEYOR_COLORS: Record<ConveyorState, string> = {
  RUNNING: "#2f9e44",
  STOPPED: "#f59f00",
  JAMMED: "#e8590c",
  FAULT: "#e03131",
  ESTOPPED: "#a61e4d",
};

export const SORTER_COLORS: Record<SorterState, string> = {
  RUNNING: CONVEYOR_COLORS.RUNNING,
  STOPPED: CONVEYOR_COLORS.STOPPED,
  FAULT: CONVEYOR_COLORS.FAULT,
  ESTOPPED: CONVEYOR_COLORS.ESTOPPED,
};

export const ROBOT_COLORS: Record<RobotState, string> = {
  IDLE: "#1c7ed6",
  DRIVING: "#2f9e44",
  PAUSED: "#f59f00",
  CHARGING: "#7048e8",
  ERROR: "#e03131",
};

export const deviceColor = <S extends string>(colors: Record<S, string>, state: S, stale: boolean) => (stale ? STALE_COLOR : colors[state]);
