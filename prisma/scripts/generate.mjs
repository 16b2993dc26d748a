// Generates one Prisma client per service schema into prisma/generated/<service>. Each schema is a
// folder (Prisma's multi-file schema): prisma/<service>/schema.prisma plus the shared models it links
// (prisma/<service>/persistence.prisma -> ../shared/persistence.prisma).
// Prisma's CLI insists on resolving a schema-engine binary it cannot download offline, though
// `generate` never runs it; any existing file satisfies the check.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { root, SERVICES } from "./services.mjs";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= cli;

const only = process.argv.slice(2);
const targets = only.length ? SERVICES.filter((s) => only.includes(s)) : SERVICES;
for (const service of targets) {
  execFileSync(process.execPath, [cli, "generate", "--schema", join(root, service)], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
console.log(`prisma: generated clients for ${targets.join(", ")}`);
