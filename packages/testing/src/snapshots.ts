import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { discoverSubgraphs, REPO_ROOT } from "@floorgraph/manifests";
import { testConfig } from "./config.ts";

// Booting a service on a fresh PGlite database costs initdb (2–4 s), the migrations and the seed
// (up to 5 s more); a whole-system test boots six. Each boot restores a snapshot instead (≈1 s),
// made by the first boot of a run. Its name is a hash of everything that shapes the database — the
// migrations, the service's code (its seed), the demo data set, the migration runner, PGlite — and,
// when seeded, the hour (the demo data's dates are relative to it), so a change makes a new one.
const SNAPSHOT_DIR = join(REPO_ROOT, ".data/test-snapshots");
const SHARED_INPUTS = ["packages/demo-data/src", "packages/db/src", "prisma/shared", "packages/service/src/boot.ts", "node_modules/@electric-sql/pglite/package.json"];

/** A file, or every file under a folder (tests aside), in a stable order. */
function listInputs(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.endsWith(".test.ts"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const keys = new Map<string, string | undefined>();

/**
 * A hash of what shapes one of the repository's services' test databases (migrated, and seeded when
 * `seeded`); undefined for a service that is not the repository's (a fixture).
 */
export function testDatabaseKey(service: string, seeded: boolean): string | undefined {
  const id = `${service}:${seeded}`;
  if (keys.has(id)) return keys.get(id);
  const manifest = discoverSubgraphs().find((m) => m.name === service);
  let key: string | undefined;
  if (manifest) {
    const hash = createHash("sha256");
    const inputs = [join(manifest.dir, "src"), manifest.paths.prisma, ...SHARED_INPUTS.map((p) => join(REPO_ROOT, p))];
    for (const input of inputs.flatMap(listInputs)) hash.update(relative(REPO_ROOT, input)).update("\0").update(readFileSync(input)).update("\0");
    if (seeded) hash.update(String(Math.floor(Date.now() / 3_600_000)));
    key = hash.digest("hex").slice(0, 16);
  }
  keys.set(id, key);
  return key;
}

/**
 * The snapshot file for one of the repository's services (migrated; seeded too when `seeded`), or
 * undefined when tests run on PostgreSQL (see templates.ts), snapshots are off
 * (FLOORGRAPH_TEST_SNAPSHOTS=false) or the service is not the repository's.
 */
export function testSnapshotFile(service: string, seeded: boolean): string | undefined {
  if (testConfig.FLOORGRAPH_TEST_DATABASE_URL || !testConfig.FLOORGRAPH_TEST_SNAPSHOTS) return undefined;
  const key = testDatabaseKey(service, seeded);
  if (!key) return undefined;
  const name = `${service}-${seeded ? "seeded" : "migrated"}`;
  const file = join(SNAPSHOT_DIR, `${name}-${key}.tar`);
  removeOlder(name, file);
  return file;
}

const cleaned = new Set<string>();

/** Older snapshots of the same service and kind are dead weight (tens of MB each); looked for once per process. */
function removeOlder(name: string, current: string): void {
  if (cleaned.has(current)) return;
  cleaned.add(current);
  let entries: string[] = [];
  try {
    entries = readdirSync(SNAPSHOT_DIR);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(SNAPSHOT_DIR, entry);
    if (entry.startsWith(`${name}-`) && entry.endsWith(".tar") && path !== current) rmSync(path, { force: true });
  }
}
