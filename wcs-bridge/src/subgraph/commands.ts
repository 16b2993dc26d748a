import { isDeepStrictEqual } from "node:util";
import type { Identity, Role } from "@floorgraph/auth";
import { DomainError, badInput, conflict, notFound, unavailable } from "@floorgraph/errors";
import type { Logger } from "@floorgraph/logger";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/wcs";
import type { CommandResult } from "../bridge/opcua/commands.ts";
import { FloorCommandError, FloorUnavailableError } from "../bridge/opcua/errors.ts";
import type { FloorClient } from "../bridge/opcua/floor-client.ts";
import type { ConveyorRecord, Freshness, RobotRecord, SorterRecord, ZoneRecord } from "../bridge/state/types.ts";
import type { AlarmView } from "./alarms.ts";
import type { AlarmParent } from "./mappers.ts";

/** Who may command the floor. */
export const COMMAND_ROLES: readonly Role[] = ["OPERATOR", "SUPERVISOR", "ADMIN"];
const COMMAND_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** How long a mutation waits for the PLC to report the commanded change before it answers. */
export const SETTLE_MS = 500;

type Outcome = "ACCEPTED" | "REFUSED" | "FAILED";

interface CommandSpec<R> {
  kind: string;
  targetType: "Conveyor" | "Sorter" | "Robot" | "Zone" | "Alarm";
  targetId: string;
  arguments: Record<string, string | number | boolean>;
  /** Interlocks and lookups against the live state; throws a DomainError to refuse. */
  check(): void;
  /** Sends the command to the PLC (absent for commands handled by the bridge alone). */
  send?(): Promise<CommandResult>;
  /** Bridge-side effects after the PLC accepted, inside the command's transaction. */
  record?(tx: Prisma.TransactionClient): Promise<void>;
  /** True once the live state shows the command's effect. */
  settled?(): boolean;
  /** The GraphQL payload: the target's state now (read in the command's transaction if it reads the database). */
  result(tx: Prisma.TransactionClient): R | Promise<R>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** JSON-safe copy of a payload, to store and to answer a repeat with. */
const toJson = (value: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** Stored payloads come back with dates as ISO strings; revive the fields the schema types as DateTime. */
function revive<R>(value: unknown): R {
  const fix = (o: Record<string, unknown>) => {
    for (const k of ["lastSeenAt", "raisedAt"]) if (typeof o[k] === "string") o[k] = new Date(o[k] as string);
    const ack = o.acknowledgement as { at?: unknown } | null | undefined;
    if (ack && typeof ack.at === "string") ack.at = new Date(ack.at);
    return o;
  };
  return (Array.isArray(value) ? value.map((v) => fix(v as Record<string, unknown>)) : fix(value as Record<string, unknown>)) as R;
}

/**
 * The floor's commands as the API offers them: authorised by the resolver, then idempotent by
 * commandId, checked against the interlocks on the live state, sent to the PLC, and stored and
 * audited with their outcome in one transaction, whatever it is.
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

  async function settle(spec: CommandSpec<unknown>) {
    if (!spec.settled) return;
    const deadline = Date.now() + SETTLE_MS;
    while (!spec.settled() && Date.now() < deadline) await sleep(10);
  }

  async function store(
    tx: Prisma.TransactionClient,
    existingId: string | null,
    actor: Identity,
    commandId: string,
    spec: CommandSpec<unknown>,
    outcome: Outcome,
    error: DomainError | null,
    result: unknown,
  ) {
    const data = {
      commandId,
      kind: spec.kind,
      targetId: spec.targetId,
      arguments: toJson(spec.arguments),
      actorId: actor.userId,
      actorRole: actor.role,
      outcome,
      reason: error?.message ?? null,
      errorCode: (error?.extensions.code as string | undefined) ?? null,
      result: result === undefined ? undefined : toJson(result),
    };
    const command = existingId ? await tx.command.update({ where: { id: existingId }, data }) : await tx.command.create({ data });
    await tx.auditEntry.create({
      data: {
        actorId: actor.userId,
        action: `floor.${spec.kind}.${outcome.toLowerCase()}`,
        subjectType: spec.targetType,
        subjectId: spec.targetId,
        detail: toJson({ commandId, commandRowId: command.id, role: actor.role, arguments: spec.arguments, reason: data.reason, code: data.errorCode }),
      },
    });
  }

  // Requests with the same commandId run one after the other in this process, so a concurrent
  // repeat sees the first one's stored outcome instead of acting too. (Across processes, the unique
  // commandId still stores one outcome; see the P2002 branch below.)
  const inFlight = new Map<string, Promise<unknown>>();

  async function execute<R>(actor: Identity, commandId: string, spec: CommandSpec<R>): Promise<R> {
    if (!COMMAND_ID.test(commandId)) {
      throw badInput("commandId must be 1-128 letters, digits, '.', '_', ':' or '-'", { field: "commandId" });
    }
    const before = inFlight.get(commandId);
    const run = (before ?? Promise.resolve()).catch(() => undefined).then(() => executeOnce(actor, commandId, spec));
    inFlight.set(commandId, run);
    try {
      return await run;
    } finally {
      if (inFlight.get(commandId) === run) inFlight.delete(commandId);
    }
  }

  async function executeOnce<R>(actor: Identity, commandId: string, spec: CommandSpec<R>): Promise<R> {
    const previous = await prisma.command.findUnique({ where: { commandId } });
    if (previous) {
      const same = previous.kind === spec.kind && previous.targetId === spec.targetId && isDeepStrictEqual(previous.arguments, toJson(spec.arguments));
      if (!same) throw conflict(`commandId ${commandId} was already used for a different command (${previous.kind} ${previous.targetId})`, { commandId });
      if (previous.outcome === "ACCEPTED") return revive<R>(previous.result);
      if (previous.outcome === "REFUSED") {
        throw new DomainError((previous.errorCode ?? "CONFLICT") as "CONFLICT", previous.reason ?? "The command was refused", { commandId, repeated: true });
      }
      // FAILED (the floor was away): the command never reached the PLC, so a retry may act.
    }

    let outcome: Outcome = "ACCEPTED";
    let error: DomainError | null = null;
    let result: R | undefined;
    try {
      spec.check();
      const answer = spec.send ? await spec.send() : { accepted: true, reason: "" };
      if (!answer.accepted) throw conflict(`The floor refused ${spec.kind} on ${spec.targetId}: ${answer.reason}`, { plcReason: answer.reason });
    } catch (caught) {
      if (caught instanceof FloorUnavailableError) error = unavailable(`${spec.targetType} ${spec.targetId} cannot be reached: ${caught.message}`);
      else if (caught instanceof FloorCommandError) error = notFound(spec.targetType, spec.targetId);
      else if (caught instanceof DomainError) error = caught;
      else throw caught;
      outcome = error.extensions.code === "UNAVAILABLE" ? "FAILED" : "REFUSED";
    }
    if (!error) {
      await settle(spec as CommandSpec<unknown>);
    }
    try {
      await prisma.$transaction(async (tx) => {
        if (!error && spec.record) await spec.record(tx);
        if (!error) result = await spec.result(tx);
        await store(tx, previous?.id ?? null, actor, commandId, spec as CommandSpec<unknown>, outcome, error, result);
      });
    } catch (caught) {
      if ((caught as { code?: unknown }).code === "P2002") {
        // Another request with the same commandId won the race: answer as a repeat would.
        return executeOnce(actor, commandId, spec);
      }
      logger.error({ err: caught, commandId, kind: spec.kind }, "storing a floor command failed");
      throw caught;
    }
    if (error) throw error;
    return result as R;
  }

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
          if (!toteId.trim()) throw badInput("toteId must not be empty", { field: "toteId" });
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
