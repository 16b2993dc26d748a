#!/usr/bin/env node
// The entry behind `npm start` and `npm test` (npm skips pre/post scripts when scripts are
// disabled, so each command does its own preparation here).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const command = process.argv[2];

function run(bin, args, options = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Prisma clients are generated code (git-ignored); make them when missing or older than their schema. */
function ensurePrismaClients() {
  const stale = readdirSync(join(root, "prisma"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, "prisma", d.name, "schema.prisma")))
    .some((d) => {
      const client = join(root, "prisma/generated", d.name, "client.ts");
      // The schema is a folder: its own schema.prisma and the shared models it links (statSync follows the link).
      const schemaFiles = readdirSync(join(root, "prisma", d.name)).filter((f) => f.endsWith(".prisma"));
      const newest = Math.max(...schemaFiles.map((f) => statSync(join(root, "prisma", d.name, f)).mtimeMs));
      return !existsSync(client) || statSync(client).mtimeMs < newest;
    });
  if (stale) run(join(root, "prisma/scripts/generate.mjs"), []);
}

function summarize() {
  const dir = join(root, ".data/test-results");
  let passed = 0, failed = 0, skipped = 0;
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return { passed, failed, skipped };
}

const turbo = require.resolve("turbo/bin/turbo");

switch (command) {
  case "start": {
    ensurePrismaClients();
    // In this process (tsx's loader), so signals reach the stack's own shutdown handler directly.
    const { register } = await import("tsx/esm/api");
    register();
    await import(join(root, "apps/stack/src/main.ts"));
    break;
  }
  case "test": {
    const dir = join(root, ".data/test-results");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const result = spawnSync(process.execPath, [turbo, "run", "typecheck", "test", "--concurrency=2", "--continue", "--output-logs=new-only", ...process.argv.slice(3)], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", CHECKPOINT_DISABLE: "1" },
    });
    const { passed, failed, skipped } = summarize();
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
    process.exit(result.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
  }
  default:
    process.stderr.write("usage: node scripts/run.mjs start|test\n");
    process.exit(2);
}
