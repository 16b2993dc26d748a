import { useEffect, useReducer } from "react";
import { useQuery, useSubscription, type CombinedError } from "urql";
import { useApi } from "../app/api.tsx";
import { ActiveAlarmsDocument, AlarmRaisedDocument, type AlarmItemFragment } from "../generated/graphql.ts";
import { useFloorStatus } from "../floor/useFloorStatus.ts";
import { alarmsReducer } from "./alarms.ts";

/**
 * The floor's active alarms, live: raised ones arrive over `alarmRaised`; a cleared one is noticed
 * when the floor status's active-alarm count changes, which reads the list again (no polling).
 */
export function useAlarms(): { alarms: Map<string, AlarmItemFragment>; error: CombinedError | undefined; update(alarm: AlarmItemFragment): void } {
  const api = useApi();
  const [alarms, dispatch] = useReducer(alarmsReducer, new Map<string, AlarmItemFragment>());
  const [query, refetch] = useQuery({ query: ActiveAlarmsDocument, requestPolicy: "network-only" });
  const { status } = useFloorStatus();
  const activeCount = status?.activeAlarms;

  useSubscription({ query: AlarmRaisedDocument }, (_prev: undefined, data) => {
    dispatch({ type: "update", alarm: data.alarmRaised });
    return undefined;
  });
  useEffect(() => {
    if (query.data) dispatch({ type: "snapshot", alarms: query.data.alarms });
  }, [query.data]);
  useEffect(() => {
    if (activeCount !== undefined) refetch({ requestPolicy: "network-only" });
  }, [activeCount, refetch]);
  useEffect(() => api.onReconnected(() => refetch({ requestPolicy: "network-only" })), [api, refetch]);

  return { alarms, error: query.error, update: (alarm) => dispatch({ type: "update", alarm }) };
}
