import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "@floorgraph/manifests";
import { diffSchemas, readSchema } from "../../../prisma/scripts/prisma6.mjs";

const FIXTURE = fileURLToPath(new URL("./fixtures/returns/", import.meta.url));

/**
 * A copy of the repository with one more subgraph, made as the README says: a new folder
 * (subgraphs/returns) and its Prisma folder (prisma/returns). The existing subgraphs are linked,
 * not copied; the copy lives under .data so the fixture's imports resolve to the workspace's packages.
 */
export async function repositoryWithReturns(): Promise<{ root: string; remove(): void }> {
  mkdirSync(join(REPO_ROOT, ".data"), { recursive: true });
  const root = mkdtempSync(join(REPO_ROOT, ".data", "fixture-repo-"));
  for (const file of ["package.json", "tsconfig.base.json", "docker-compose.yml", "packages/manifests/src/service-names.d.mts"]) {
    cpSync(join(REPO_ROOT, file), join(root, file), { recursive: true });
  }
  for (const parent of ["subgraphs", "prisma"]) {
    mkdirSync(join(root, parent));
    for (const entry of readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== "node_modules") symlinkSync(join(REPO_ROOT, parent, entry.name), join(root, parent, entry.name));
    }
  }
  symlinkSync(join(REPO_ROOT, "wcs-bridge"), join(root, "wcs-bridge"));
  cpSync(join(FIXTURE, "subgraph"), join(root, "subgraphs/returns"), { recursive: true });
  cpSync(join(FIXTURE, "prisma"), join(root, "prisma/returns"), { recursive: true });
  // As the README says: link the shared outbox, inbox and audit models, and let Prisma's differ
  // write the migration that adds them (what `npm run db:diff -- returns domain_events` writes).
  const own = join(root, "prisma/returns");
  const before = readSchema(join(own, "schema.prisma"));
  symlinkSync("../shared/persistence.prisma", join(own, "persistence.prisma"));
  const sql = await diffSchemas({ from: before, to: readSchema(own) });
  mkdirSync(join(own, "migrations/20260101000001_domain_events"));
  writeFileSync(join(own, "migrations/20260101000001_domain_events/migration.sql"), sql);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
