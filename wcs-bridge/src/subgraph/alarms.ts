import type { PrismaClient } from "@floorgraph/prisma/wcs";
import { TypedListeners } from "../bridge/state/listeners.ts";
import type { LiveFloorState } from "../bridge/state/live-floor-state.ts";
import type { AlarmRecord } from "../bridge/state/types.ts";
import type { AlarmParent } from "./mappers.ts";

const HISTORY = 500;
/** The alarm the bridge itself raises while it cannot reach the floor's PLC endpoint. */
export const CONNECTION_ALARM_ID = "CONNECTION/floor";

export type AlarmSeverityName = "INFO" | "WARNING" | "MAJOR" | "CRITICAL";
export const severityName = (level: number): AlarmSeverityName =>
  level >= 900 ? "CRITICAL" : level >= 600 ? "MAJOR" : level >= 400 ? "WARNING" : "INFO";

/**
 * The floor's alarms as the API shows them: the PLC's active alarms, the ones cleared since the
 * bridge started (bounded), and the bridge's own connection alarm while the floor is away; each with
 * its acknowledgement from the database.
 */
export class AlarmView {
  private readonly cleared: AlarmRecord[] = [];
  private disconnectedAt: Date | null = null;
  private readonly unsubscribe: (() => void)[];
  private readonly listeners = new TypedListeners<{ raised: AlarmRecord }>();

  constructor(
    private readonly state: LiveFloorState,
    private readonly prisma: PrismaClient,
    private readonly endpointUrl: string,
  ) {
    if (!state.connected) this.disconnectedAt = new Date();
    this.unsubscribe = [
      state.on("alarm", (alarm) => {
        if (alarm.active) return this.raised({ ...alarm });
        this.cleared.unshift({ ...alarm });
        this.cleared.length = Math.min(this.cleared.length, HISTORY);
      }),
      state.on("connection", ({ connected, at }) => {
        if (!connected) {
          if (this.disconnectedAt) return;
          this.disconnectedAt = at;
          this.raised(this.connectionAlarm(at));
        } else if (this.disconnectedAt) {
          this.cleared.unshift({ ...this.connectionAlarm(this.disconnectedAt), active: false });
          this.disconnectedAt = null;
        }
      }),
    ];
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.listeners.clear();
  }

  /** Calls the listener with every alarm raised from now on (the floor's, and the bridge's own); returns its remover. */
  onRaised(listener: (alarm: AlarmRecord) => void): () => void {
    return this.listeners.on("raised", listener);
  }

  /** Active alarms (newest first), then, unless activeOnly, the cleared ones. */
  async list(activeOnly: boolean): Promise<AlarmParent[]> {
    const active = this.active();
    return this.withAcknowledgements(activeOnly ? active : [...active, ...this.cleared.map((a) => ({ ...a }))]);
  }

  async find(id: string): Promise<AlarmParent | null> {
    const alarm = this.active().find((a) => a.id === id) ?? this.cleared.find((a) => a.id === id);
    return alarm ? ((await this.withAcknowledgements([{ ...alarm }]))[0] ?? null) : null;
  }

  /** The currently active alarm with that id, if any. */
  activeAlarm(id: string): AlarmRecord | undefined {
    return this.active().find((a) => a.id === id);
  }

  private raised(alarm: AlarmRecord): void {
    this.listeners.emit("raised", alarm);
  }

  /** The active alarms (newest first), without acknowledgements. */
  active(): AlarmRecord[] {
    // While disconnected, the PLC's list is the last one seen: still shown, behind the link alarm.
    const fromFloor = this.state.activeAlarms().sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime());
    return this.disconnectedAt ? [this.connectionAlarm(this.disconnectedAt), ...fromFloor] : fromFloor;
  }

  private connectionAlarm(since: Date): AlarmRecord {
    return {
      id: CONNECTION_ALARM_ID,
      severity: 1000,
      deviceId: this.endpointUrl,
      message: `Lost the connection to the floor PLC at ${this.endpointUrl}: every device is stale`,
      raisedAt: since,
      active: true,
    };
  }

  private async withAcknowledgements(alarms: AlarmRecord[]): Promise<AlarmParent[]> {
    if (!alarms.length) return [];
    const acks = await this.prisma.alarmAcknowledgement.findMany({ where: { alarmId: { in: [...new Set(alarms.map((a) => a.id))] } } });
    const key = (alarmId: string, raisedAt: Date) => `${alarmId}@${raisedAt.getTime()}`;
    const byKey = new Map(acks.map((a) => [key(a.alarmId, a.raisedAt), { userId: a.userId, at: a.at }]));
    return alarms.map((a) => ({ ...a, acknowledgement: byKey.get(key(a.id, a.raisedAt)) ?? null }));
  }
}
