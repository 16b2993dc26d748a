import { useEffect, useMemo } from "react";
import { useQuery, useSubscription, type CombinedError } from "urql";
import { useApi } from "../app/api.tsx";
import {
  ConveyorChangedDocument,
  FloorSnapshotDocument,
  RobotChangedDocument,
  SorterChangedDocument,
  type ConveyorLiveFragment,
  type RobotLiveFragment,
  type SorterLiveFragment,
} from "../generated/graphql.ts";
import { latestById, mergeLive } from "./merge.ts";

export interface LiveFloor {
  conveyors: Map<string, ConveyorLiveFragment>;
  sorters: Map<string, SorterLiveFragment>;
  robots: Map<string, RobotLiveFragment>;
  loading: boolean;
  error: CombinedError | undefined;
}

/**
 * The floor's devices, live: one query for the state now, then the gateway's device subscriptions
 * (changes only) on top. No polling; after a dropped WebSocket the state is read again once.
 */
export function useLiveFloor(): LiveFloor {
  const api = useApi();
  const [snapshot, refetch] = useQuery({ query: FloorSnapshotDocument, requestPolicy: "network-only" });
  const [conveyors] = useSubscription({ query: ConveyorChangedDocument }, (prev: Record<string, ConveyorLiveFragment> | undefined, data) => latestById(prev, data.conveyorChanged));
  const [sorters] = useSubscription({ query: SorterChangedDocument }, (prev: Record<string, SorterLiveFragment> | undefined, data) => latestById(prev, data.sorterChanged));
  const [robots] = useSubscription({ query: RobotChangedDocument }, (prev: Record<string, RobotLiveFragment> | undefined, data) => latestById(prev, data.robotChanged));

  useEffect(() => api.onReconnected(() => refetch({ requestPolicy: "network-only" })), [api, refetch]);

  return useMemo(
    () => ({
      conveyors: mergeLive(snapshot.data?.conveyors, conveyors.data),
      sorters: mergeLive(snapshot.data?.sorters, sorters.data),
      robots: mergeLive(snapshot.data?.robots, robots.data),
      loading: snapshot.fetching && !snapshot.data,
      error: snapshot.error ?? conveyors.error ?? sorters.error ?? robots.error,
    }),
    [snapshot, conveyors, sorters, robots],
  );
}
