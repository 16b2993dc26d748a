import { defineConfig } from "vitest/config";
import shared from "../vitest.shared.ts";

// Component tests run in jsdom; the end-to-end tests (e2e/) drive Chromium against the real system
// from Node. Timeouts, pool and the JSON report that `npm test` sums up come from vitest.shared.ts.
const { testTimeout, hookTimeout, pool, reporters, outputFile } = shared.test ?? {};
export default defineConfig({
  test: {
    testTimeout,
    hookTimeout,
    pool,
    reporters,
    outputFile,
    projects: [
      { test: { name: "components", include: ["src/**/*.test.{ts,tsx}"], environment: "jsdom", setupFiles: ["./src/test/setup.ts"] } },
      { test: { name: "e2e", include: ["e2e/**/*.test.ts"], environment: "node", testTimeout, hookTimeout, pool } },
    ],
  },
});
