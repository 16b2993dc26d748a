import { DomainError } from "@floorgraph/errors";
import { Counter, Gauge, Histogram, type Registry } from "@floorgraph/metrics";
import type { FloorClient } from "../bridge/opcua/floor-client.ts";

/** Seconds: a command waits for the PLC's answer and then for the floor to settle (SETTLE_MS). */
const COMMAND_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The bridge's series: whether its OPC UA session is up, how many devices are stale (their last
 * value kept while the floor is away), and each floor command's latency and outcome. The gauges
 * read the live client when Prometheus scrapes; a rebuilt server (a restart) takes them over.
 */
export function registerWcsMetrics(registry: Registry, floor: FloorClient) {
  for (const name of ["wcs_opcua_session_up", "wcs_devices_stale"]) registry.removeSingleMetric(name);
  new Gauge({
    name: "wcs_opcua_session_up",
    help: "1 while the bridge's OPC UA session with the PLC is up, 0 while it reconnects",
    registers: [registry],
    collect() {
      this.set(floor.connected ? 1 : 0);
    },
  });
  new Gauge({
    name: "wcs_devices_stale",
    help: "Devices whose values are stale (kept from before the floor connection was lost), by kind",
    labelNames: ["kind"],
    registers: [registry],
    collect() {
      for (const { kind } of floor.state.kinds) {
        this.set({ kind }, floor.state.devices<{ stale?: boolean }>(kind).filter((d) => d.stale).length);
      }
    },
  });
  const labelNames = ["command", "outcome"] as const;
  const commands =
    (registry.getSingleMetric("wcs_commands_total") as Counter<"command" | "outcome"> | undefined) ??
    new Counter({ name: "wcs_commands_total", help: "Floor commands by outcome: accepted, refused (an interlock, the PLC said no, bad input), failed (the floor unreachable)", labelNames, registers: [registry] });
  const duration =
    (registry.getSingleMetric("wcs_command_duration_seconds") as Histogram<"command" | "outcome"> | undefined) ??
    new Histogram({ name: "wcs_command_duration_seconds", help: "Time from a floor command's request to its stored outcome", labelNames, buckets: COMMAND_BUCKETS, registers: [registry] });

  /** The same command service, each command counted and timed (its name is the label: a fixed set). */
  function instrument<S extends Record<string, (...args: never[]) => Promise<unknown>>>(service: S): S {
    const wrapped: Record<string, unknown> = {};
    for (const [command, run] of Object.entries(service)) {
      wrapped[command] = async (...args: never[]) => {
        const started = performance.now();
        let outcome = "accepted";
        try {
          return await run(...args);
        } catch (error) {
          outcome = error instanceof DomainError ? (error.extensions.code === "UNAVAILABLE" ? "failed" : "refused") : "error";
          throw error;
        } finally {
          commands.inc({ command, outcome });
          duration.observe({ command, outcome }, (performance.now() - started) / 1000);
        }
      };
    }
    return wrapped as S;
  }
  return { instrument };
}
