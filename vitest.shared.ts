import { basename, resolve } from "node:path";
import { defineConfig } from "vitest/config";

// One test configuration for every workspace: integration tests boot real servers, so hooks get
// time to migrate and seed; each package writes a JSON report that `npm test` sums up.
const root = import.meta.dirname;
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    reporters: ["default", "json"],
    outputFile: { json: resolve(root, ".data/test-results", `${basename(process.cwd())}.json`) },
  },
});
