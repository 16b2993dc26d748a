import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { consumersOf, discoverSubgraphs } from "@floorgraph/manifests";

// `npm run events:replay`, run as npm runs it.
const script = fileURLToPath(new URL("../src/replay-dead-letters.ts", import.meta.url));
const replay = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--import", "tsx", script, ...args], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "silent", ...env } });

describe("events:replay", () => {
  it("names the services with consumers (from their manifests) when given none or another", () => {
    const consumers = consumersOf(discoverSubgraphs());
    expect(consumers).toEqual(expect.arrayContaining(["orders", "inventory", "warehouse", "shipment"]));
    for (const args of [[], ["users"], ["nonsense"]]) {
      const run = replay(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`usage: npm run events:replay -- <${consumers.join("|")}> [eventId …]`);
    }
  });

  it("says so, and fails, on a database without event tables", () => {
    const run = replay(["orders"], { DATA_DIR: mkdtempSync(join(tmpdir(), "fg-replay-")) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("orders's database has no event tables");
  });
});
