import { notFound } from "@floorgraph/errors";
import type { SubscriptionResolvers } from "../generated/graphql.ts";
import type { WcsContext } from "./context.ts";
import { requireFloorReader } from "./readers.ts";

const SEVERITY_FLOOR = { INFO: 1, WARNING: 400, MAJOR: 600, CRITICAL: 900 } as const;

/** Checks the caller and the device before the stream opens, so a bad request fails at once. */
function known(ctx: WcsContext, id: string | null | undefined, find: (id: string) => unknown, what: string): string | null {
  requireFloorReader(ctx);
  if (id != null && !find(id)) throw notFound(what, id);
  return id ?? null;
}
const identity = <T>(payload: T) => payload;

export const Subscription: SubscriptionResolvers = {
  conveyorChanged: {
    subscribe: (_p, { id }, ctx) => ctx.streams.devices("conveyor", known(ctx, id, ctx.floor.state.conveyor, "Conveyor")),
    resolve: identity,
  },
  sorterChanged: {
    subscribe: (_p, { id }, ctx) => ctx.streams.devices("sorter", known(ctx, id, ctx.floor.state.sorter, "Sorter")),
    resolve: identity,
  },
  robotChanged: {
    subscribe: (_p, { id }, ctx) => ctx.streams.devices("robot", known(ctx, id, ctx.floor.state.robot, "Robot")),
    resolve: identity,
  },
  alarmRaised: {
    subscribe: (_p, { minSeverity }, ctx) => (requireFloorReader(ctx), ctx.streams.alarmsRaised(SEVERITY_FLOOR[minSeverity ?? "INFO"])),
    resolve: identity,
  },
  toteScanned: {
    subscribe: (_p, { scannerId }, ctx) => ctx.streams.toteScans(known(ctx, scannerId, ctx.floor.state.scanner, "Scanner")),
    resolve: identity,
  },
  floorStatus: {
    subscribe: (_p, { zoneId }, ctx) => ctx.streams.floorStatus(known(ctx, zoneId, ctx.floor.state.zone, "Zone")),
    resolve: identity,
  },
};
