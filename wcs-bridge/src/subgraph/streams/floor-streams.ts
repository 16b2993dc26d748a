import { unavailable } from "@floorgraph/errors";
import type { ToteScan } from "../../bridge/state/types.ts";
import type { FloorFeed, FloorFeedEvents } from "../feed/floor-feed.ts";
import type { FloorStatusView } from "../kpis/floor-status.ts";
import type { AlarmParent, FloorStatusParent } from "../mappers.ts";
import { CoalescingQueue } from "@floorgraph/streams";

export interface StreamSettings {
  /** Per device, at most one event per this many ms (the first change goes at once). */
  deviceIntervalMs: number;
  /** floorStatus: at most one update per this many ms, and one at least this often while figures change. */
  statusIntervalMs: number;
  /** alarmRaised and toteScanned: events a slow subscriber may fall behind by before its stream ends with an error. */
  maxPendingAlarms: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = { deviceIntervalMs: 100, statusIntervalMs: 500, maxPendingAlarms: 256 };

type DeviceEvent = "conveyor" | "sorter" | "robot";
const STATUS_TRIGGERS = ["conveyor", "sorter", "robot", "activeAlarms", "alarmRaised", "connection"] as const;

/** The subscriptions' event streams, one per subscriber, fed by this instance's PLC link or, with Redis, by the publishing instance's. */
export class FloorStreams {
  constructor(
    private readonly feed: FloorFeed,
    private readonly status: FloorStatusView,
    private readonly settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
  ) {}

  /** Changes of one device, or of every device of that kind (id null); a disconnection shows as stale: true. */
  devices<K extends DeviceEvent>(event: K, id: string | null): AsyncIterableIterator<FloorFeedEvents[K]> {
    let off = () => {};
    // A change of state (or of reachability) goes out at once; counters and positions coalesce.
    const lastSeen = new Map<string, string>();
    const queue = new CoalescingQueue<FloorFeedEvents[K]>({
      key: (record) => record.id,
      minIntervalMs: this.settings.deviceIntervalMs,
      urgent: (record) => lastSeen.get(record.id) !== `${(record as { state?: string }).state}/${record.stale}`,
      // One pending value per device at most, so the bound is never reached.
      maxPending: Number.POSITIVE_INFINITY,
      overflowError: () => new Error("unreachable"),
      onClose: () => off(),
    });
    off = this.feed.on(event, (record) => {
      if (id !== null && record.id !== id) return;
      queue.push(record);
      lastSeen.set(record.id, `${(record as { state?: string }).state}/${record.stale}`);
    });
    return queue;
  }

  /** Alarms raised from now on at or above a severity level. */
  alarmsRaised(minLevel: number): AsyncIterableIterator<AlarmParent> {
    const queue = this.events<AlarmParent>("alarms", (alarm) => `${alarm.id}@${alarm.raisedAt.getTime()}`, () => off());
    const off = this.feed.on("alarmRaised", (alarm) => {
      if (alarm.severity >= minLevel) queue.push({ ...alarm, acknowledgement: null });
    });
    return queue;
  }

  /** Tote scans from now on, of one scanner or all. */
  toteScans(scannerId: string | null): AsyncIterableIterator<ToteScan> {
    const queue = this.events<ToteScan>("scans", (scan) => `${scan.scannerId}/${scan.toteId}@${scan.at.getTime()}`, () => off());
    const off = this.feed.on("toteScanned", (scan) => {
      if (scannerId === null || scan.scannerId === scannerId) queue.push(scan);
    });
    return queue;
  }

  /** A stream of distinct events: nothing coalesces, and a subscriber too far behind is cut off. */
  private events<T>(what: string, key: (value: T) => string, onClose: () => void): CoalescingQueue<T> {
    return new CoalescingQueue<T>({
      key,
      minIntervalMs: 0,
      maxPending: this.settings.maxPendingAlarms,
      overflowError: (pending) => unavailable(`This subscriber fell ${pending} ${what} behind and was disconnected; subscribe again`),
      onClose,
    });
  }

  /**
   * The zone's (or floor's) KPIs: the current figures at once, then whenever they change, at most
   * once per statusIntervalMs (device events only mark them for recomputation).
   */
  floorStatus(zoneId: string | null): AsyncIterableIterator<FloorStatusParent> {
    const offs: (() => void)[] = [];
    const queue = new CoalescingQueue<FloorStatusParent>({
      key: () => "status",
      minIntervalMs: this.settings.statusIntervalMs,
      maxPending: 1,
      overflowError: () => new Error("unreachable"),
      onClose: () => {
        for (const off of offs) off();
        clearTimeout(timer);
        clearInterval(ticker);
      },
    });
    let last = "";
    let lastComputed = 0;
    let timer: NodeJS.Timeout | undefined;
    const update = () => {
      timer = undefined;
      lastComputed = performance.now();
      const status = this.status.of(zoneId);
      const signature = JSON.stringify({ ...status, at: undefined });
      if (signature === last) return;
      last = signature;
      queue.push(status);
    };
    const schedule = () => {
      timer ??= setTimeout(update, Math.max(0, lastComputed + this.settings.statusIntervalMs - performance.now()));
    };
    for (const event of STATUS_TRIGGERS) offs.push(this.feed.on(event, schedule));
    // Totes per hour moves with time alone, so recompute now and then even when no device changes.
    const ticker = setInterval(schedule, Math.max(this.settings.statusIntervalMs, 1000));
    update();
    return queue;
  }
}
