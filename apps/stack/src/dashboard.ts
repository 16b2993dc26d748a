// The operations dashboard beside the stack: built from web/ when its build is missing or older than
// its sources (a fresh checkout, a pull), then served on its own port with the gateway's URL.
// @floorgraph/web is not a declared dependency of this package: web's end-to-end tests depend on
// this one, and turbo refuses a cycle; the workspace link makes the import resolve all the same.
import { ensureDashboardBuilt, startDashboardServer } from "@floorgraph/web/server";
import type { Logger } from "@floorgraph/logger";

export interface DashboardSettings {
  enabled: boolean;
  host: string;
  port: number;
}

export interface PreparedDashboard {
  /** Serves the dashboard once built; resolves with its URL, or with why it is not served. */
  serve(gatewayUrl: string): Promise<{ url: string } | { unavailable: string }>;
}

/** Starts the build at once, so it overlaps the stack's boot. */
export function prepareDashboard(settings: DashboardSettings, logger: Logger): PreparedDashboard {
  if (!settings.enabled) return { serve: async () => ({ unavailable: "off (DASHBOARD=false)" }) };
  const built = ensureDashboardBuilt().then(
    () => null,
    (error: unknown) => error as Error,
  );
  return {
    async serve(graphqlUrl) {
      const failure = await built;
      if (failure) {
        logger.error({ err: failure }, "the dashboard could not be built");
        return { unavailable: "build failed (see the log; `npm run build -w @floorgraph/web` shows why)" };
      }
      const server = await startDashboardServer({ graphqlUrl, host: settings.host, port: settings.port });
      return { url: server.url };
    },
  };
}
