import { useSubscription } from "urql";
import { FloorStatusChangedDocument, type FloorStatusLiveFragment } from "../generated/graphql.ts";

/** The floor's KPIs and link state: the figures now at once, then each change (at most 2 a second). */
export function useFloorStatus(): { status: FloorStatusLiveFragment | undefined; error: ReturnType<typeof useSubscription>[0]["error"] } {
  const [result] = useSubscription({ query: FloorStatusChangedDocument });
  return { status: result.data?.floorStatus, error: result.error };
}
