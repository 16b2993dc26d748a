import { isDeepStrictEqual } from "node:util";
import type { Identity } from "@floorgraph/auth";
import { DomainError, badInput, conflict, isUniqueViolation, notFound, unavailable } from "@floorgraph/errors";
import { appendToOutbox, auditWriter } from "@floorgraph/events";
import type { Logger } from "@floorgraph/logger";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/wcs";
import type { CommandResult } from "../bridge/opcua/commands.ts";
import { FloorCommandError, FloorUnavailableError } from "../bridge/opcua/errors.ts";
import { commandExecuted } from "./events/contract.ts";

const COMMAND_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** How long a mutation waits for the PLC to report the commanded change before it answers. */
export const SETTLE_MS = 500;

type Outcome = "ACCEPTED" | "REFUSED" | "FAILED";


export interface CommandSpec<R> {
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


/** JSON-safe copy of a payload, to store and to answer a repeat with. */
const audit = auditWriter("wcs");
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
 * Runs floor commands: idempotent by commandId, checked, sent to the PLC, then stored and audited
 * with their outcome in one transaction, whatever it is.
 */
export function createCommandRunner(prisma: PrismaClient, logger: Logger, onDeviceChange: (listener: () => void) => () => void) {
  // Waits for the live state to show the command's effect: checked on every device change, not polled.
  async function settle(spec: CommandSpec<unknown>) {
    const settled = spec.settled;
    if (!settled || settled()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        off();
        clearTimeout(timer);
        resolve();
      };
      const off = onDeviceChange(() => {
        if (settled()) done();
      });
      const timer = setTimeout(done, SETTLE_MS);
    });
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
    await audit(tx, actor, `floor.${spec.kind}.${outcome.toLowerCase()}`, spec.targetType, spec.targetId, {
      commandId,
      commandRowId: command.id,
      role: actor.role,
      arguments: toJson(spec.arguments),
      reason: data.reason,
      code: data.errorCode,
    });
    // The floor's command log for other systems (the relay publishes it within its poll interval).
    await appendToOutbox(tx, [
      commandExecuted.create(
        `${spec.targetType}/${spec.targetId}`,
        { commandId, kind: spec.kind, targetType: spec.targetType, targetId: spec.targetId, outcome, reason: data.reason, errorCode: data.errorCode, actorId: actor.userId },
        { key: spec.targetId },
      ),
    ]);
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
      if (isUniqueViolation(caught)) {
        // Another request with the same commandId won the race: answer as a repeat would.
        return executeOnce(actor, commandId, spec);
      }
      logger.error({ err: caught, commandId, kind: spec.kind }, "storing a floor command failed");
      throw caught;
    }
    if (error) throw error;
    return result as R;
  }

  return execute;
}

export type CommandRunner = ReturnType<typeof createCommandRunner>;
