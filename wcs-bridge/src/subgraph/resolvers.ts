import { requireRole } from "@floorgraph/auth";
import { notFound } from "@floorgraph/errors";
import { atMost, scalarResolvers } from "@floorgraph/service";
import type { AlarmResolvers, MutationResolvers, QueryResolvers, Resolvers } from "../generated/graphql.ts";
import { severityName } from "./alarms.ts";
import { batteryThreshold, COMMAND_ROLES } from "./commands.ts";
import type { WcsContext } from "./context.ts";
import { requireFloorReader } from "./readers.ts";
import { Subscription } from "./subscription-resolvers.ts";

const commander = (ctx: WcsContext) => requireRole(ctx, COMMAND_ROLES, "command the floor");

const Query: QueryResolvers = {
  conveyors: (_p, { zoneId }, ctx) => {
    requireFloorReader(ctx);
    const all = ctx.floor.state.conveyors();
    return atMost(zoneId ? all.filter((c) => c.zoneId === zoneId) : all, 100);
  },
  conveyor: (_p, { id }, ctx) => (requireFloorReader(ctx), ctx.floor.state.conveyor(id) ?? null),
  sorters: (_p, _a, ctx) => (requireFloorReader(ctx), atMost(ctx.floor.state.sorters(), 10)),
  sorter: (_p, { id }, ctx) => (requireFloorReader(ctx), ctx.floor.state.sorter(id) ?? null),
  robots: (_p, _a, ctx) => (requireFloorReader(ctx), atMost(ctx.floor.state.robots(), 50)),
  robot: (_p, { id }, ctx) => (requireFloorReader(ctx), ctx.floor.state.robot(id) ?? null),
  alarms: async (_p, { activeOnly }, ctx) => (requireFloorReader(ctx), atMost(await ctx.alarms.list(activeOnly !== false), 200)),
  floorStatus: (_p, { zoneId }, ctx) => {
    requireFloorReader(ctx);
    if (zoneId != null && !ctx.status.hasZone(zoneId)) throw notFound("Zone", zoneId);
    return ctx.status.of(zoneId ?? null);
  },
};

const Mutation: MutationResolvers = {
  startConveyor: (_p, { id, commandId }, ctx) => ctx.commands.startConveyor(commander(ctx), id, commandId),
  stopConveyor: (_p, { id, commandId }, ctx) => ctx.commands.stopConveyor(commander(ctx), id, commandId),
  setConveyorSpeed: (_p, { id, speed, commandId }, ctx) => ctx.commands.setConveyorSpeed(commander(ctx), id, speed, commandId),
  resetConveyor: (_p, { id, commandId }, ctx) => ctx.commands.resetConveyor(commander(ctx), id, commandId),
  setChuteEnabled: (_p, { sorterId, chuteId, enabled, commandId }, ctx) =>
    ctx.commands.setChuteEnabled(commander(ctx), sorterId, chuteId, enabled, commandId),
  routeTote: (_p, { sorterId, toteId, destinationId, commandId }, ctx) =>
    ctx.commands.routeTote(commander(ctx), sorterId, toteId, destinationId, commandId),
  dispatchRobot: (_p, { robotId, locationId, commandId }, ctx) => ctx.commands.dispatchRobot(commander(ctx), robotId, locationId, commandId),
  pauseRobot: (_p, { robotId, commandId }, ctx) => ctx.commands.pauseRobot(commander(ctx), robotId, commandId),
  resumeRobot: (_p, { robotId, commandId }, ctx) => ctx.commands.resumeRobot(commander(ctx), robotId, commandId),
  cancelRobotTask: (_p, { robotId, commandId }, ctx) => ctx.commands.cancelRobotTask(commander(ctx), robotId, commandId),
  emergencyStop: (_p, { zoneId, commandId }, ctx) => ctx.commands.emergencyStop(commander(ctx), zoneId, commandId),
  resetZone: (_p, { zoneId, commandId }, ctx) => ctx.commands.resetZone(commander(ctx), zoneId, commandId),
  acknowledgeAlarm: (_p, { id, commandId }, ctx) => ctx.commands.acknowledgeAlarm(commander(ctx), id, commandId),
};

const Alarm: AlarmResolvers = {
  __resolveReference: (ref, ctx) => (requireFloorReader(ctx), ctx.alarms.find(ref.id)),
  severity: (a) => severityName(a.severity),
  severityLevel: (a) => a.severity,
  device: (a) => a.deviceId,
  acknowledgedAt: (a) => a.acknowledgement?.at ?? null,
  acknowledgedBy: (a) => (a.acknowledgement ? { id: a.acknowledgement.userId } : null),
};

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query,
  Mutation,
  Subscription,
  FloorStatus: {
    zone: (s) => (s.zoneId ? { id: s.zoneId } : null),
  },
  Conveyor: {
    __resolveReference: (ref, ctx) => (requireFloorReader(ctx), ctx.floor.state.conveyor(ref.id) ?? null),
    zone: (c) => ({ id: c.zoneId }),
  },
  Sorter: {
    __resolveReference: (ref, ctx) => (requireFloorReader(ctx), ctx.floor.state.sorter(ref.id) ?? null),
    zone: (s) => ({ id: s.zoneId }),
  },
  Chute: {
    destinationLocation: (c) => ({ id: c.destination }),
  },
  Robot: {
    __resolveReference: (ref, ctx) => (requireFloorReader(ctx), ctx.floor.state.robot(ref.id) ?? null),
    position: (r) => ({ x: r.x, y: r.y, heading: r.heading }),
    target: (r) => (r.targetLocationId ? { id: r.targetLocationId } : null),
    batteryThreshold: (r, _a, ctx) => batteryThreshold(ctx.floor, r.id),
    zone: (r) => ({ id: r.zoneId }),
  },
  Alarm,
};
