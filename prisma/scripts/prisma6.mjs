// Prisma 7's `migrate diff` needs the native schema engine, which cannot be downloaded here.
// Prisma 6 computes the same DDL with its WebAssembly engine when given a driver adapter, so the
// diff runs through it, over a throwaway in-memory PGlite. The schema is adapted on the fly
// (Prisma 6 still wants `url` in the datasource and knows only the prisma-client-js generator).
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
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

/** Runs `prisma migrate diff` with the given schema texts; returns the SQL script. */
export function diffSchemas({ from, to }) {
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
    const out = execFileSync(process.execPath, [cli, ...args], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: "postgresql://unused@127.0.0.1/unused",
        PRISMA_SCHEMA_ENGINE_BINARY: cli,
        PRISMA_QUERY_ENGINE_LIBRARY: cli,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    });
    return out.replace(/^Loaded Prisma config.*\n+/m, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const readSchema = (path) => readFileSync(path, "utf8");
