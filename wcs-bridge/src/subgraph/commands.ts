import type { Identity, Role } from "@floorgraph/auth";
import { badInput, conflict, notFound, unavailable } from "@floorgraph/errors";
import type { Logger } from "@floorgraph/logger";
import type { PrismaClient } from "@floorgraph/prisma/wcs";
import type { FloorClient } from "../bridge/opcua/floor-client.ts";
import type { ConveyorRecord, Freshness, RobotRecord, SorterRecord, ZoneRecord } from "../bridge/state/types.ts";
import type { AlarmView } from "./alarms.ts";
import { createCommandRunner } from "./command-runner.ts";
import type { AlarmParent } from "./mappers.ts";

/** Tote labels are short; a longer id is a mistake, not a tote. */
const MAX_TOTE_ID = 64;

export { SETTLE_MS } from "./command-runner.ts";

/** Who may command the floor. */
export const COMMAND_ROLES: readonly Role[] = ["OPERATOR", "SUPERVISOR", "ADMIN"];

/**
 * The floor's commands as the API offers them: authorised by the resolver, checked here against
 * the interlocks on the live state, and run by the command runner.
 */
export function createCommandService(floor: FloorClient, prisma: PrismaClient, alarms: AlarmView, logger: Logger) {
  const state = floor.state;

  function fresh<T extends Freshness>(record: T | undefined, what: string, id: string): T {
    if (!record) throw notFound(what, id);
    if (record.stale || !floor.connected) {
      const seen = record.lastSeenAt ? ` (last seen ${record.lastSeenAt.toISOString()})` : "";
      throw unavailable(`${what} ${id} cannot be reached: its PLC connection is down${seen}`);
    }
    return record;
  }
  const conveyor = (id: string) => fresh(state.conveyor(id), "Conveyor", id);
  const sorter = (id: string) => fresh(state.sorter(id), "Sorter", id);
  const robot = (id: string) => fresh(state.robot(id), "Robot", id);
  const zone = (id: string) => fresh(state.zone(id), "Zone", id);
  const zoneName = (z: ZoneRecord) => `${z.name} (${z.code})`;
  function notEStopped(zoneId: string, action: string) {
    const z = state.zone(zoneId);
    if (z?.eStopped) throw conflict(`Cannot ${action}: zone ${z ? zoneName(z) : zoneId} is emergency-stopped; reset the zone first`, { interlock: "ESTOP" });
  }
  const conveyorOrNull = (id: string) => state.conveyor(id) as ConveyorRecord;
  const sorterOrNull = (id: string) => state.sorter(id) as SorterRecord;
  const robotOrNull = (id: string) => state.robot(id) as RobotRecord;
  const zoneConveyors = (zoneId: string) => state.conveyors().filter((c) => c.zoneId === zoneId);

  const execute = createCommandRunner(prisma, logger, (listener) => {
    const offs = (["zone", "conveyor", "sorter", "robot"] as const).map((event) => state.on(event, listener));
    return () => offs.forEach((off) => off());
  });

  return {
    startConveyor: (actor: Identity, id: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "startConveyor",
        targetType: "Conveyor",
        targetId: id,
        arguments: {},
        check() {
          const c = conveyor(id);
          notEStopped(c.zoneId, `start conveyor ${id}`);
          if (c.state === "JAMMED" || c.state === "FAULT") throw conflict(`Conveyor ${id} is ${c.state}: reset it first`, { interlock: c.state });
        },
        send: () => floor.commands.startConveyor(id),
        settled: () => conveyorOrNull(id).state === "RUNNING",
        result: () => conveyorOrNull(id),
      }),

    stopConveyor: (actor: Identity, id: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "stopConveyor",
        targetType: "Conveyor",
        targetId: id,
        arguments: {},
        check: () => void conveyor(id),
        send: () => floor.commands.stopConveyor(id),
        settled: () => conveyorOrNull(id).state !== "RUNNING",
        result: () => conveyorOrNull(id),
      }),

    setConveyorSpeed: (actor: Identity, id: string, speed: number, commandId: string) =>
      execute(actor, commandId, {
        kind: "setConveyorSpeed",
        targetType: "Conveyor",
        targetId: id,
        arguments: { speed },
        check() {
          const c = conveyor(id);
          if (!Number.isFinite(speed) || speed < c.minSpeed || speed > c.maxSpeed) {
            throw badInput(`speed ${speed} m/s is outside conveyor ${id}'s limits [${c.minSpeed}, ${c.maxSpeed}] m/s`, { field: "speed", minSpeed: c.minSpeed, maxSpeed: c.maxSpeed });
          }
        },
        send: () => floor.commands.setConveyorSpeed(id, speed),
        settled: () => conveyorOrNull(id).setpoint === speed,
        result: () => conveyorOrNull(id),
      }),

    resetConveyor: (actor: Identity, id: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "resetConveyor",
        targetType: "Conveyor",
        targetId: id,
        arguments: {},
        check: () => void conveyor(id),
        send: () => floor.commands.resetConveyor(id),
        settled: () => !["JAMMED", "FAULT"].includes(conveyorOrNull(id).state),
        result: () => conveyorOrNull(id),
      }),

    setChuteEnabled: (actor: Identity, sorterId: string, chuteId: string, enabled: boolean, commandId: string) =>
      execute(actor, commandId, {
        kind: "setChuteEnabled",
        targetType: "Sorter",
        targetId: sorterId,
        arguments: { chuteId, enabled },
        check() {
          if (!sorter(sorterId).chutes.some((c) => c.id === chuteId)) throw notFound(`Chute of sorter ${sorterId}`, chuteId);
        },
        send: () => floor.commands.enableChute(sorterId, chuteId, enabled),
        settled: () => sorterOrNull(sorterId).chutes.find((c) => c.id === chuteId)?.enabled === enabled,
        result: () => sorterOrNull(sorterId),
      }),

    routeTote: (actor: Identity, sorterId: string, toteId: string, destinationId: string, commandId: string) => {
      let blocked: string | null = null;
      return execute(actor, commandId, {
        kind: "routeTote",
        targetType: "Sorter",
        targetId: sorterId,
        arguments: { toteId, destinationId },
        check() {
          const s = sorter(sorterId);
          if (!toteId.trim() || toteId.length > MAX_TOTE_ID) throw badInput(`toteId must be 1-${MAX_TOTE_ID} characters`, { field: "toteId" });
          const chutes = s.chutes.filter((c) => c.destination === destinationId);
          if (!chutes.length) throw notFound(`Chute for destination ${destinationId} on sorter`, sorterId);
          notEStopped(s.zoneId, `route tote ${toteId}`);
          if (!chutes.some((c) => c.enabled && !c.full)) {
            const c = chutes[0]!;
            blocked = `Chute ${c.id} for destination ${destinationId} is ${c.enabled ? "full" : "disabled"}: it is not a divert target, tote ${toteId} recirculates`;
          }
        },
        async send() {
          const s = sorterOrNull(sorterId);
          const chute = s.chutes.find((c) => c.destination === destinationId && c.enabled && !c.full) ?? s.chutes.find((c) => c.destination === destinationId)!;
          // A blocked chute is still named to the PLC: it refuses the divert and recirculates the tote.
          const answer = await floor.commands.divert(sorterId, toteId, chute.id);
          if (blocked) throw conflict(blocked, { interlock: "CHUTE_UNAVAILABLE", plcReason: answer.reason });
          return answer;
        },
        result: () => sorterOrNull(sorterId),
      });
    },

    dispatchRobot: (actor: Identity, robotId: string, locationId: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "dispatchRobot",
        targetType: "Robot",
        targetId: robotId,
        arguments: { locationId },
        check() {
          const r = robot(robotId);
          notEStopped(r.zoneId, `dispatch robot ${robotId}`);
          if (r.state === "ERROR") {
            const why = r.errors.map((e) => `${e.errorLevel} ${e.errorType}: ${e.description}`).join("; ");
            throw conflict(`Robot ${robotId} is in ERROR${why ? ` (${why})` : ""}: it is not dispatched until the error is cleared`, { interlock: "ROBOT_ERROR" });
          }
          const threshold = batteryThreshold(floor, robotId);
          if (r.battery < threshold) {
            throw conflict(`Robot ${robotId} battery ${r.battery.toFixed(1)}% is below its threshold of ${threshold}%: it is not dispatched`, { interlock: "BATTERY" });
          }
        },
        send: () => floor.commands.assignTask(robotId, commandId, locationId),
        settled: () => robotOrNull(robotId).currentTask === commandId,
        result: () => robotOrNull(robotId),
      }),

    pauseRobot: (actor: Identity, robotId: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "pauseRobot",
        targetType: "Robot",
        targetId: robotId,
        arguments: {},
        check: () => void robot(robotId),
        send: () => floor.commands.pauseRobot(robotId),
        settled: () => robotOrNull(robotId).state === "PAUSED",
        result: () => robotOrNull(robotId),
      }),

    resumeRobot: (actor: Identity, robotId: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "resumeRobot",
        targetType: "Robot",
        targetId: robotId,
        arguments: {},
        check: () => notEStopped(robot(robotId).zoneId, `resume robot ${robotId}`),
        send: () => floor.commands.resumeRobot(robotId),
        settled: () => robotOrNull(robotId).state !== "PAUSED",
        result: () => robotOrNull(robotId),
      }),

    cancelRobotTask: (actor: Identity, robotId: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "cancelRobotTask",
        targetType: "Robot",
        targetId: robotId,
        arguments: {},
        check: () => void robot(robotId),
        send: () => floor.commands.cancelRobot(robotId),
        settled: () => robotOrNull(robotId).currentTask === null,
        result: () => robotOrNull(robotId),
      }),

    emergencyStop: (actor: Identity, zoneId: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "emergencyStop",
        targetType: "Zone",
        targetId: zoneId,
        arguments: {},
        check: () => void zone(zoneId),
        send: () => floor.commands.eStopZone(zoneId),
        settled: () => state.zone(zoneId)?.eStopped === true && zoneConveyors(zoneId).every((c) => c.state === "ESTOPPED"),
        result: () => zoneConveyors(zoneId),
      }),

    resetZone: (actor: Identity, zoneId: string, commandId: string) =>
      execute(actor, commandId, {
        kind: "resetZone",
        targetType: "Zone",
        targetId: zoneId,
        arguments: {},
        check: () => void zone(zoneId),
        send: () => floor.commands.resetZone(zoneId),
        settled: () => state.zone(zoneId)?.eStopped === false && zoneConveyors(zoneId).every((c) => c.state !== "ESTOPPED"),
        result: () => zoneConveyors(zoneId),
      }),

    acknowledgeAlarm: (actor: Identity, id: string, commandId: string) => {
      let raisedAt: Date | null = null;
      return execute<AlarmParent>(actor, commandId, {
        kind: "acknowledgeAlarm",
        targetType: "Alarm",
        targetId: id,
        arguments: {},
        check() {
          const alarm = alarms.activeAlarm(id);
          if (!alarm) throw notFound("Active alarm", id);
          raisedAt = alarm.raisedAt;
        },
        // The floor's own alarms are AlarmConditionType instances: acknowledge them there too (the
        // standard Acknowledge). The bridge's connection alarm, or any alarm while the floor is away,
        // is acknowledged in the bridge alone, as before.
        send: () =>
          floor.connected && state.condition(id) ? floor.commands.acknowledgeAlarm(id, `acknowledged by ${actor.userId} (command ${commandId})`) : Promise.resolve({ accepted: true, reason: "" }),
        async record(tx) {
          const at = raisedAt as Date;
          await tx.alarmAcknowledgement.upsert({
            where: { alarmId_raisedAt: { alarmId: id, raisedAt: at } },
            create: { alarmId: id, raisedAt: at, userId: actor.userId },
            update: {},
          });
        },
        async result(tx) {
          const alarm = alarms.activeAlarm(id);
          const ack = await tx.alarmAcknowledgement.findUnique({ where: { alarmId_raisedAt: { alarmId: id, raisedAt: raisedAt as Date } } });
          return {
            ...(alarm ?? { id, severity: 1, deviceId: "", message: "", raisedAt: raisedAt as Date, active: false }),
            acknowledgement: ack ? { userId: ack.userId, at: ack.at } : null,
          };
        },
      });
    },
  };
}

export type WcsCommandService = ReturnType<typeof createCommandService>;

/** The robot's dispatch threshold, from the floor's layout (the PLC does not publish it). */
export function batteryThreshold(floor: FloorClient, robotId: string): number {
  return floor.state.layout.robots.find((r) => r.id === robotId)?.batteryThreshold ?? 0;
}
