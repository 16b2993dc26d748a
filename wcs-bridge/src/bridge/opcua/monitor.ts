import type { Logger } from "@floorgraph/logger";
import { type ClientSession, type ClientSubscription, DataType, type DataValue, TimestampsToReturn, type Variant } from "node-opcua";
import type { LiveFloorState, VariableUpdate } from "../state/live-floor-state.ts";
import { floorEventFilter, parseFloorEvent, serverEventsItem } from "./events.ts";
import type { WatchedVariable } from "./nodes.ts";

export interface MonitorOptions {
  publishingIntervalMs: number;
  samplingIntervalMs: number;
  logger?: Logger;
}

/**
 * One subscription for the whole floor: a monitored item per contract variable (queue 1: only
 * the newest value matters) and one event item on the Server object for alarm conditions and scans.
 * Changes delivered together (one publish response) reach the state as one batch, so a device
 * whose speed and tote count changed in the same tick emits one event, not two.
 */
export async function monitorFloor(session: ClientSession, watched: WatchedVariable[], state: LiveFloorState, options: MonitorOptions): Promise<ClientSubscription> {
  const { logger } = options;
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: options.publishingIntervalMs,
    // Keep-alives every ~0.5 s at 50 ms; lifetime must be at least three keep-alives.
    requestedMaxKeepAliveCount: 10,
    requestedLifetimeCount: 600,
    maxNotificationsPerPublish: 0,
    publishingEnabled: true,
    priority: 10,
  });

  let pending: VariableUpdate[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    state.applyValues(batch, new Date());
  };
  const group = await subscription.monitorItems(
    watched.map((w) => w.readValueId),
    { samplingInterval: options.samplingIntervalMs, queueSize: 1, discardOldest: true },
    TimestampsToReturn.Both,
  );
  group.on("changed", (_item, dataValue: DataValue, index: number) => {
    const target = watched[index]?.target;
    if (!target) return;
    if (!dataValue.statusCode.isGood()) {
      logger?.warn({ ...target, status: dataValue.statusCode.toString() }, "floor variable has a bad status");
      return;
    }
    if (pending.length === 0) queueMicrotask(flush);
    pending.push({ ...target, value: dataValue.value.value });
  });

  const events = await subscription.monitor(
    serverEventsItem,
    // Events are not "newest wins": queue enough for a burst of scans between publishes.
    { samplingInterval: 0, queueSize: 1000, discardOldest: true, filter: floorEventFilter() },
    TimestampsToReturn.Neither,
  );
  // Condition events replayed by a ConditionRefresh are the floor's current conditions, not news.
  let refreshing = false;
  events.on("changed", (fields: unknown) => {
    const event = parseFloorEvent(fields as Variant[], state.kinds);
    if (event?.kind === "alarm") state.applyConditionEvent(event.alarm, event.condition, { replay: refreshing });
    else if (event?.kind === "scan") state.applyToteScan(event.scan);
    else if (event) refreshing = event.kind === "refreshStart";
  });
  logger?.debug({ items: watched.length, publishingInterval: subscription.publishingInterval }, "floor subscription created");
  return subscription;
}

/**
 * Asks the floor to replay its retained alarm conditions into the subscription (the standard
 * ConditionRefresh), so the bridge knows every condition's latest EventId for Acknowledge, also
 * for alarms raised before it connected or while it was away. A floor without it is logged, not fatal.
 */
export async function refreshConditions(session: ClientSession, subscription: ClientSubscription, logger?: Logger): Promise<void> {
  const result = await session
    .call({ objectId: "i=2782", methodId: "i=3875", inputArguments: [{ dataType: DataType.UInt32, value: subscription.subscriptionId }] })
    .catch((error: unknown) => ({ statusCode: { isGood: () => false, toString: () => (error as Error).message } }));
  if (!result.statusCode.isGood()) logger?.warn({ status: result.statusCode.toString() }, "the floor did not refresh its alarm conditions");
}
