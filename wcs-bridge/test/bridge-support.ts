import { createLogger } from "@floorgraph/logger";
import type { FloorClientOptions } from "../src/bridge/opcua/client-options.ts";
import type { LiveFloorState } from "../src/bridge/state/live-floor-state.ts";
import type { FloorStateEvents } from "../src/bridge/state/types.ts";

export const quietLogger = createLogger("wcs-bridge-test", "silent");

/** Plaintext against the local simulator, PKI in the test's scratch folder. */
export const insecure = (pkiDir: string, extra: Partial<FloorClientOptions> = {}): FloorClientOptions => ({
  securityMode: "None",
  allowInsecure: true,
  pkiDir,
  logger: quietLogger,
  ...extra,
});

/** Resolves with the first event of that name matching `match`, or rejects after timeoutMs. */
export function nextEvent<K extends keyof FloorStateEvents>(
  state: LiveFloorState,
  event: K,
  match: (payload: FloorStateEvents[K]) => boolean,
  timeoutMs = 5000,
): Promise<FloorStateEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching "${String(event)}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = state.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
