import { describeTimings, type StepTiming } from "./progress.ts";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Where the start-up went, one line per phase: the databases made on a first start (in parallel),
 * each subgraph's boot, the gateway, the simulator and the dashboard (built beside the rest).
 */
export function startupSummary(timings: StepTiming[]): string[] {
  const phase = (prefix: string, title: string) => {
    const parts = timings.filter((t) => t.id.startsWith(prefix));
    if (!parts.length) return [];
    return [`  ${title.padEnd(19)} ${describeTimings(timings, prefix)}`];
  };
  const single = (id: string, title: string) => {
    const t = timings.find((x) => x.id === id);
    return t ? [`  ${title.padEnd(19)} ${seconds(t.ms)} (${t.result})`] : [];
  };
  const lines = [
    ...phase("db:", "databases made"),
    ...phase("svc:", "subgraphs booted"),
    ...single("gateway", "gateway"),
    ...single("simulator", "floor simulator"),
    ...single("dashboard", "dashboard"),
  ];
  return lines.length ? ["", "Start-up:", ...lines] : [];
}
