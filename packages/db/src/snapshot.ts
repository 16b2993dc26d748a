import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Database } from "./database.ts";

/**
 * Saves a PGlite database as a snapshot file that `{ pgliteDir, restoreFrom }` loads. Written to a
 * temporary name and renamed, so processes building the same snapshot at once never read half a
 * file. Returns false for PostgreSQL (nothing to save).
 */
export async function saveSnapshot(db: Database, file: string): Promise<boolean> {
  if (!db.dumpDataDir) return false;
  const tarball = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
  mkdirSync(dirname(file), { recursive: true });
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.partial`);
  try {
    writeFileSync(partial, tarball);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  return true;
}
