import { type Logger, createLogger } from "@floorgraph/logger";
import { AttributeIds, type ClientSession, type ClientSubscription, OPCUAClient, type OPCUACertificateManager, StatusCodes, type UserIdentityInfo, resolveNodeId } from "node-opcua";
import { FLOOR_PATHS, NAMESPACE_URI, parseFloor } from "../../devices/index.ts";
import { LiveFloorState } from "../state/live-floor-state.ts";
import { type FloorClientOptions, buildClientOptions } from "./client-options.ts";
import { type CommandArg, type CommandResult, FloorCommands } from "./commands.ts";
import { FloorAuthenticationError, FloorCommandError, FloorUnavailableError } from "./errors.ts";
import { monitorFloor, refreshConditions } from "./monitor.ts";
import { type WatchedVariable, floorNodeId, watchedVariables } from "./nodes.ts";
import { withTimeout } from "./timeout.ts";

const AUTH_FAILURE = /BadUserAccessDenied|BadIdentityToken|user token policy/i;

/**
 * The bridge's OPC UA client: one session, one subscription for every floor variable, the
 * floor's commands, and a LiveFloorState kept current through disconnections. node-opcua repairs
 * the connection on its own (and the session and subscription with it); the client flags the floor
 * stale meanwhile and reads every value again before it calls the floor current.
 */
export class FloorClient {
  readonly commands = new FloorCommands(
    (path, method, args) => this.invoke(path, method, args),
    (alarmId, comment) => this.acknowledge(alarmId, comment),
  );
  private subscription: ClientSubscription | undefined;
  private closing: Promise<void> | undefined;
  private resyncing: Promise<void> | undefined;

  private constructor(
    readonly endpointUrl: string,
    readonly state: LiveFloorState,
    private readonly client: OPCUAClient,
    private readonly session: ClientSession,
    private readonly certificateManager: OPCUACertificateManager,
    private readonly watched: WatchedVariable[],
    private readonly options: FloorClientOptions,
    private readonly logger: Logger,
  ) {}

  /** Connects, logs in, reads the layout and every value, subscribes; resolves once the state is current. */
  static async connect(endpointUrl: string, options: FloorClientOptions): Promise<FloorClient> {
    const logger = options.logger ?? createLogger("wcs-bridge");
    const { clientOptions, identity, certificateManager } = buildClientOptions(options);
    const client = OPCUAClient.create(clientOptions);
    try {
      const session = await openSession(client, endpointUrl, identity);
      const layout = parseFloor(JSON.parse(String(await readValue(session, FLOOR_PATHS.layout))));
      const state = new LiveFloorState(layout, (error, event) => logger.error({ err: error, event }, "floor state listener failed"), options.deviceKinds);
      const floorClient = new FloorClient(endpointUrl, state, client, session, certificateManager, watchedVariables(layout, state.kinds), options, logger);
      await floorClient.resync();
      floorClient.listen();
      logger.info({ endpointUrl, securityMode: options.securityMode, variables: floorClient.watched.length }, "connected to the floor");
      return floorClient;
    } catch (error) {
      await client.disconnect().catch(() => {});
      await certificateManager.dispose().catch(() => {});
      throw error;
    }
  }

  get connected(): boolean {
    return this.state.connected && !this.closing;
  }

  /** Ends the session and the reconnection loop; the state keeps its last values, stale. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.state.markDisconnected(new Date());
      this.state.dispose();
      const quick = <T>(p: Promise<T>) => withTimeout(p, 1000, () => new Error("timed out")).catch(() => undefined);
      if (this.client.isReconnecting === false) {
        if (this.subscription) await quick(this.subscription.terminate());
        await quick(this.session.close(true));
      }
      await this.client.disconnect();
      await this.certificateManager.dispose();
      this.logger.info({ endpointUrl: this.endpointUrl }, "disconnected from the floor");
    })());
  }

  private listen(): void {
    this.client.on("connection_lost", () => {
      this.logger.warn({ endpointUrl: this.endpointUrl }, "lost the floor connection; devices are stale until it is back");
      this.state.markDisconnected(new Date());
    });
    this.client.on("connection_reestablished", () => {
      this.resync().catch((error: unknown) => this.logger.error({ err: error }, "resynchronising the floor failed; waiting for the next reconnection"));
    });
  }

  /** Reads every value, (re)creates the subscription if it is gone, then calls the floor current. */
  private resync(): Promise<void> {
    return (this.resyncing ??= (async () => {
      try {
        const values = await this.session.read(this.watched.map((w) => w.readValueId));
        this.state.applyValues(
          values.flatMap((dv, i) => (dv.statusCode.isGood() && this.watched[i] ? [{ ...this.watched[i].target, value: dv.value.value }] : [])),
          new Date(),
        );
        if (!this.subscription?.isActive) {
          await this.subscription?.terminate().catch(() => {});
          this.subscription = await monitorFloor(this.session, this.watched, this.state, {
            publishingIntervalMs: this.options.publishingIntervalMs ?? 10,
            samplingIntervalMs: this.options.samplingIntervalMs ?? 0,
            logger: this.logger,
          });
        }
        await refreshConditions(this.session, this.subscription, this.logger);
        if (!this.closing) this.state.markConnected(new Date());
      } finally {
        this.resyncing = undefined;
      }
    })());
  }

  private async invoke(path: string, method: string, args: CommandArg[]): Promise<CommandResult> {
    if (!this.connected) throw new FloorUnavailableError(`floor unavailable: ${path}/${method} not sent (disconnected from ${this.endpointUrl})`);
    const timeoutMs = this.options.commandTimeoutMs ?? 2000;
    const request = { objectId: floorNodeId(path), methodId: floorNodeId(`${path}/${method}`), inputArguments: args };
    const result = await withTimeout(this.session.call(request), timeoutMs, () => new FloorUnavailableError(`floor unavailable: ${path}/${method} got no answer within ${timeoutMs} ms`)).catch(
      (error: unknown) => {
        if (error instanceof FloorUnavailableError) throw error;
        throw new FloorUnavailableError(`floor unavailable: ${path}/${method} failed: ${(error as Error).message}`, { cause: error });
      },
    );
    if (!result.statusCode.isGood()) throw new FloorCommandError(`${path}/${method}: ${result.statusCode.toString()}`, result.statusCode.name);
    const [accepted, reason] = result.outputArguments ?? [];
    return { accepted: accepted?.value === true, reason: typeof reason?.value === "string" ? reason.value : "" };
  }

  /**
   * Calls the standard Acknowledge method of the alarm's condition with the EventId of its last
   * event. An alarm already acknowledged on the floor (by another client) counts as accepted.
   */
  private async acknowledge(alarmId: string, comment: string): Promise<CommandResult> {
    const condition = this.state.condition(alarmId);
    if (!condition) return { accepted: false, reason: `no alarm condition ${alarmId} on the floor` };
    if (!this.connected) throw new FloorUnavailableError(`floor unavailable: acknowledge ${alarmId} not sent (disconnected from ${this.endpointUrl})`);
    const timeoutMs = this.options.commandTimeoutMs ?? 2000;
    const status = await withTimeout(
      this.session.acknowledgeCondition(resolveNodeId(condition.conditionId), Buffer.from(condition.eventId), comment),
      timeoutMs,
      () => new FloorUnavailableError(`floor unavailable: acknowledge ${alarmId} got no answer within ${timeoutMs} ms`),
    );
    if (status.equals(StatusCodes.Good) || status.equals(StatusCodes.BadConditionBranchAlreadyAcked)) return { accepted: true, reason: "" };
    throw new FloorCommandError(`acknowledge ${alarmId}: ${status.toString()}`, status.name);
  }
}

async function openSession(client: OPCUAClient, endpointUrl: string, identity: UserIdentityInfo): Promise<ClientSession> {
  try {
    await client.connect(endpointUrl);
  } catch (error) {
    throw new FloorUnavailableError(`cannot reach the floor at ${endpointUrl}: ${(error as Error).message}`, { cause: error });
  }
  let session: ClientSession;
  try {
    session = await client.createSession(identity);
  } catch (error) {
    const message = (error as Error).message;
    const who = "userName" in identity ? `user ${identity.userName}` : "anonymous";
    if (AUTH_FAILURE.test(message)) throw new FloorAuthenticationError(`the floor at ${endpointUrl} refused the login (${who}): ${message}`, { cause: error });
    throw new FloorUnavailableError(`cannot open a session on ${endpointUrl}: ${message}`, { cause: error });
  }
  // String NodeIds use namespace index 1 (the contract); refuse a server where it is something else.
  const namespaces = await session.readNamespaceArray();
  if (namespaces[1] !== NAMESPACE_URI) throw new FloorUnavailableError(`${endpointUrl} is not a Floorgraph floor: namespace 1 is ${namespaces[1] ?? "missing"}`);
  return session;
}

async function readValue(session: ClientSession, path: string): Promise<unknown> {
  const dv = await session.read({ nodeId: floorNodeId(path), attributeId: AttributeIds.Value });
  if (!dv.statusCode.isGood()) throw new FloorUnavailableError(`cannot read ${path}: ${dv.statusCode.toString()}`);
  return dv.value.value;
}
