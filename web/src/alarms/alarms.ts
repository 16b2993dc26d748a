import type { AlarmItemFragment, AlarmSeverity } from "../generated/graphql.ts";

export const SEVERITIES: AlarmSeverity[] = ["CRITICAL", "MAJOR", "WARNING", "INFO"];

export type AlarmAction = { type: "snapshot"; alarms: AlarmItemFragment[] } | { type: "update"; alarm: AlarmItemFragment };

/**
 * Active alarms by id. The query is the truth when it answers (it drops cleared alarms, which no
 * event announces); raised alarms and acknowledgements are merged in as they come.
 */
export function alarmsReducer(state: Map<string, AlarmItemFragment>, action: AlarmAction): Map<string, AlarmItemFragment> {
  if (action.type === "snapshot") return new Map(action.alarms.map((a) => [a.id, a]));
  const next = new Map(state);
  if (action.alarm.active) next.set(action.alarm.id, action.alarm);
  else next.delete(action.alarm.id);
  return next;
}

/** Active alarms grouped by severity, most severe first, newest first within a severity. */
export function bySeverity(alarms: Iterable<AlarmItemFragment>): { severity: AlarmSeverity; alarms: AlarmItemFragment[] }[] {
  const list = [...alarms].sort((a, b) => b.severityLevel - a.severityLevel || Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  return SEVERITIES.map((severity) => ({ severity, alarms: list.filter((a) => a.severity === severity) })).filter((group) => group.alarms.length > 0);
}
