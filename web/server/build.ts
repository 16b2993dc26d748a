import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DIST_DIR, WEB_DIR } from "./paths.ts";

// What the built dashboard is made from: a newer one of these means dist/ is out of date.
const SOURCES = ["src", "index.html", "vite.config.ts", "codegen.ts", "package.json", "../schema/supergraph.graphql"];
// What the generated operation types are made from.
const CODEGEN_SOURCES = ["src/graphql", "codegen.ts", "../schema/supergraph.graphql"];
const GENERATED = join(WEB_DIR, "src/generated/graphql.ts");

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

const olderThan = (target: string, sources: string[]) => !existsSync(target) || sources.some((s) => newestMtime(join(WEB_DIR, s)) > statSync(target).mtimeMs);

/** True when dist/ is missing or older than the dashboard's sources. */
export const dashboardBuildIsStale = () => olderThan(join(DIST_DIR, "index.html"), SOURCES);

/** A package's command run with this Node directly (no npm, no shell: it works under turbo's strict environment too). */
async function runBin(pkg: string, bin: string, args: string[]): Promise<void> {
  const require = createRequire(join(WEB_DIR, "package.json"));
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: string | Record<string, string> };
  const script = join(dirname(manifestPath), typeof manifest.bin === "string" ? manifest.bin : (manifest.bin[bin] as string));
  const child = spawn(process.execPath, [script, ...args], { cwd: WEB_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`${bin} ${args.join(" ")} failed (exit ${code}):\n${output.slice(-4000)}`);
}

/**
 * Builds the dashboard when dist/ is stale, so a fresh checkout's `npm start` (and the end-to-end
 * tests) serve the current sources: operation types first when they are stale too (turbo's
 * `generate` has usually made them), then `vite build`. Resolves with whether it built.
 */
export async function ensureDashboardBuilt(): Promise<boolean> {
  if (!dashboardBuildIsStale()) return false;
  if (olderThan(GENERATED, CODEGEN_SOURCES)) await runBin("@graphql-codegen/cli", "graphql-codegen", ["--config", "codegen.ts"]);
  await runBin("vite", "vite", ["build"]);
  return true;
}
