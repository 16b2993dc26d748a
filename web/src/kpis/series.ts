import type { DeviceKind, FloorStatusLiveFragment } from "../generated/graphql.ts";

export interface Sample {
  at: number;
  value: number;
}

/** Appends a sample, keeping the last `windowMs` of them (the chart's time axis). */
export function appendSample(series: readonly Sample[], sample: Sample, windowMs: number): Sample[] {
  const last = series[series.length - 1];
  if (last && last.at === sample.at) return [...series.slice(0, -1), sample];
  return [...series, sample].filter((s) => s.at > sample.at - windowMs);
}

/** The floor status's device counts of one kind, as chart bars: { state, count }. */
export const countsOf = (status: FloorStatusLiveFragment | undefined, kind: DeviceKind) =>
  (status?.devicesByState ?? []).filter((d) => d.kind === kind).map((d) => ({ state: d.state, count: d.count }));
