import type { Role } from "../generated/graphql.ts";

/** Who may command the floor: the gateway and the wcs subgraph enforce the same list. */
const CONTROL_ROLES: readonly Role[] = ["ADMIN", "SUPERVISOR", "OPERATOR"];

export interface Permissions {
  /** Start/stop/speed, robot commands, emergency stop, alarm acknowledgement. */
  control: boolean;
  /** The floor, its alarms and KPIs are for staff; partners are refused them. */
  floor: boolean;
  inventory: boolean;
}

export function permissionsFor(role: Role): Permissions {
  const staff = role !== "PARTNER";
  return { control: CONTROL_ROLES.includes(role), floor: staff, inventory: staff };
}
