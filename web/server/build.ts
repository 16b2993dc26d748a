import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DIST_DIR, WEB_DIR } from "./paths.ts";

// What the built dashboard is made from: a newer one of these means dist/ is out of date.
const SOURCES = ["src", "index.html", "vite.config.ts", "codegen.ts", "package.json", "../schema/supergraph.graphql"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "generated") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/ is missing or older than the dashboard's sources. */
export function dashboardBuildIsStale(): boolean {
  const index = join(DIST_DIR, "index.html");
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(WEB_DIR, source)) > built);
}

/**
 * Builds the dashboard (codegen, then vite build) in a child process when dist/ is stale, so a fresh
 * checkout's `npm start` serves the current dashboard. Resolves with whether it built.
 */
export async function ensureDashboardBuilt(): Promise<boolean> {
  if (!dashboardBuildIsStale()) return false;
  const child = spawn(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: WEB_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new Error(`building the dashboard failed (exit ${code}):\n${output.slice(-4000)}`);
  return true;
}
