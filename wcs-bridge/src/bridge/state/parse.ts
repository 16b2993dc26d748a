import type { AlarmRecord } from "./types.ts";

/**
 * Floor/ActiveAlarms: `[{id, severity, deviceId, message, raisedAt}]` (device variables are parsed
 * by their kind's descriptor, src/devices). Malformed JSON or entries are dropped: one bad PLC
 * string must not take the bridge down.
 */
export function parseActiveAlarms(json: string): AlarmRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  const str = (v: unknown): v is string => typeof v === "string";
  return data
    .filter((a: Record<string, unknown> | null) => !!a && str(a.id) && typeof a.severity === "number" && str(a.deviceId) && str(a.message) && str(a.raisedAt))
    .map((a: { id: string; severity: number; deviceId: string; message: string; raisedAt: string }) => ({
      id: a.id,
      severity: a.severity,
      deviceId: a.deviceId,
      message: a.message,
      raisedAt: new Date(a.raisedAt),
      active: true,
    }));
}
