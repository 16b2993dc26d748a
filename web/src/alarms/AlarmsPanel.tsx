import type { AlarmItemFragment } from "../generated/graphql.ts";
import { AcknowledgeAlarmDocument } from "../generated/graphql.ts";
import { CommandResult } from "../controls/CommandResult.tsx";
import { useCommands } from "../controls/useCommands.ts";
import { formatTime } from "../ui/format.ts";
import { bySeverity } from "./alarms.ts";

interface AlarmsPanelProps {
  alarms: Map<string, AlarmItemFragment>;
  /** Present only for users who may acknowledge (OPERATOR and up). */
  canAcknowledge: boolean;
  onAcknowledged(alarm: AlarmItemFragment): void;
}

export function AlarmsPanel({ alarms, canAcknowledge, onAcknowledged }: AlarmsPanelProps) {
  const { run, outcome, pending } = useCommands();
  const groups = bySeverity(alarms.values());
  const acknowledge = (alarm: AlarmItemFragment) =>
    run(AcknowledgeAlarmDocument, { id: alarm.id }, (d) => {
      onAcknowledged(d.acknowledgeAlarm);
      return `${alarm.id} acknowledged.`;
    });
  return (
    <section className="alarms" aria-label="active alarms" data-testid="alarms-panel">
      <h2>
        Active alarms <span className="count">{alarms.size}</span>
      </h2>
      {groups.length === 0 && <p className="muted">No active alarms.</p>}
      {groups.map((group) => (
        <div key={group.severity} className={`severity severity-${group.severity}`}>
          <h3>
            {group.severity} <span className="count">{group.alarms.length}</span>
          </h3>
          <ul>
            {group.alarms.map((alarm) => (
              <li key={alarm.id} data-testid={`alarm-${alarm.id}`}>
                <div>
                  <b>{alarm.device}</b> {alarm.message}
                </div>
                <div className="muted">
                  raised {formatTime(alarm.raisedAt)}
                  {alarm.acknowledgedAt && ` · acknowledged ${formatTime(alarm.acknowledgedAt)} by ${alarm.acknowledgedBy?.email ?? "someone"}`}
                </div>
                {canAcknowledge && !alarm.acknowledgedAt && (
                  <button type="button" disabled={pending} onClick={() => acknowledge(alarm)}>
                    Acknowledge
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <CommandResult outcome={outcome} />
    </section>
  );
}
