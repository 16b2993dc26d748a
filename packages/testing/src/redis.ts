import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testConfig } from "./config.ts";
import { freePort } from "./ports.ts";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real Redis for a test: FLOORGRAPH_TEST_REDIS_URL's server (CI starts one with scripts/services.sh),
 * else a redis-server of our own on a free loopback port, or null when none is installed.
 */
export async function startTestRedis(): Promise<TestRedis | null> {
  if (testConfig.FLOORGRAPH_TEST_REDIS_URL) return { url: testConfig.FLOORGRAPH_TEST_REDIS_URL, stop: async () => {} };
  if (spawnSync("redis-server", ["--version"]).status !== 0) return null;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "floorgraph-redis-"));
  const child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (spawnSync("redis-cli", ["-p", String(port), "ping"]).stdout?.toString().trim() === "PONG") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
