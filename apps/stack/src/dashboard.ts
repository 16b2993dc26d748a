// The operations dashboard beside the stack: built from web/ when its build is missing or older than
// its sources (a fresh checkout, a pull), then served on its own port with the gateway's URL.
// @floorgraph/web is not a declared dependency of this package: web's end-to-end tests depend on
// this one, and turbo refuses a cycle; the workspace link makes the import resolve all the same.
import { dashboardBuildIsStale, ensureDashboardBuilt, startDashboardServer } from "@floorgraph/web/server";
import type { Logger } from "@floorgraph/logger";
import type { Progress } from "./startup/progress.ts";

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
export function prepareDashboard(settings: DashboardSettings, logger: Logger, progress?: Progress): PreparedDashboard {
  if (!settings.enabled) return { serve: async () => ({ unavailable: "off (DASHBOARD=false)" }) };
  const step = progress?.step("dashboard", "dashboard", dashboardBuildIsStale() ? "building (vite)" : "checking the build");
  const built = ensureDashboardBuilt().then(
    (rebuilt) => (step?.done(rebuilt ? "built" : "up to date"), null),
    (error: unknown) => (step?.fail("build failed"), error as Error),
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
