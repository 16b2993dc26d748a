// Prisma 7's `migrate diff` needs the native schema engine, which cannot be downloaded here.
// Prisma 6 computes the same DDL with its WebAssembly engine when given a driver adapter, so the
// diff runs through it, over a throwaway in-memory PGlite. The schema is adapted on the fly
// (Prisma 6 still wants `url` in the datasource and knows only the prisma-client-js generator).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma6/build/index.js");
const adapter = require.resolve("pglite-prisma-adapter-6");
const pglite = import.meta.resolve("@electric-sql/pglite");

function adaptSchema(text) {
  return text
    .replace(/generator\s+client\s*\{[^}]*\}/s, 'generator client {\n  provider = "prisma-client-js"\n}')
    .replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*"postgresql")/s, '$1\n  url = env("DATABASE_URL")');
}

/** Runs `prisma migrate diff` with the given schema texts; resolves to the SQL script. */
export async function diffSchemas({ from, to }) {
  const dir = mkdtempSync(join(tmpdir(), "fg-prisma-diff-"));
  try {
    const args = ["migrate", "diff", "--script", "--config", join(dir, "prisma.config.mjs")];
    if (from === undefined) args.push("--from-empty");
    else {
      writeFileSync(join(dir, "from.prisma"), adaptSchema(from));
      args.push("--from-schema-datamodel", join(dir, "from.prisma"));
    }
    writeFileSync(join(dir, "to.prisma"), adaptSchema(to));
    args.push("--to-schema-datamodel", join(dir, "to.prisma"));
    writeFileSync(
      join(dir, "prisma.config.mjs"),
      `import { defineConfig } from ${JSON.stringify(require.resolve("prisma6/config"))};
import { PGlite } from ${JSON.stringify(pglite)};
import { PrismaPGlite } from ${JSON.stringify(adapter)};
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./to.prisma",
  adapter: async () => new PrismaPGlite(new PGlite()),
});
`,
    );
    const out = await runCli(args, dir);
    return out.replace(/^Loaded Prisma config.*\n+/m, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A schema's text: a file's, or a schema folder's .prisma files (the service's and the shared ones
 * it links) joined into one, which is how Prisma reads a multi-file schema.
 */
export function readSchema(path) {
  if (!statSync(path).isDirectory()) return readFileSync(path, "utf8");
  const files = readdirSync(path).filter((f) => f.endsWith(".prisma")).sort();
  return files.map((f) => readFileSync(join(path, f), "utf8")).join("\n");
}

/**
 * Prisma 6's CLI keeps running ~10 s after it has printed the diff (a handle of its wasm engine
 * stays open). Its debug channel says when the command is done; the child is ended right then.
 */
function runCli(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DEBUG: "prisma:cli:bin",
        DATABASE_URL: "postgresql://unused@127.0.0.1/unused",
        PRISMA_SCHEMA_ENGINE_BINARY: cli,
        PRISMA_QUERY_ENGINE_LIBRARY: cli,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        // No update checks or telemetry: they wait on a network that may not be there.
        CHECKPOINT_DISABLE: "1",
      },
    });
    let stdout = "";
    let stderr = "";
    let done = false;
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (!done && /Execution time for executing/.test(stderr)) {
        done = true;
        // Let the last stdout chunk arrive before ending the process.
        setTimeout(() => child.kill("SIGKILL"), 50);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (done || code === 0) resolve(stdout);
      else reject(new Error(`prisma migrate diff failed (${code}):\n${stderr.replace(/^.*prisma:cli:bin.*$/gm, "").trim()}`));
    });
  });
}
