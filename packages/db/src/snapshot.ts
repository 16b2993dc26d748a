import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract } from "tar";
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

/**
 * Writes a snapshot's data directory into `dir` as plain files (what `restoreFrom` would load, but
 * without starting a database to do it: a fraction of a second instead of seconds). Extracted
 * under a temporary name and renamed, so a crash never leaves half a database where a start would
 * take it for a whole one.
 */
export async function extractSnapshot(tarball: Blob, dir: string): Promise<void> {
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const bytes = Buffer.from(await tarball.arrayBuffer());
  // PGlite names entries from the root ("/base/1/…"): stripping the "/" is expected; anything else is not.
  const problems: string[] = [];
  const onwarn = (code: string, message: string | Error) => void (code !== "TAR_ENTRY_INFO" && problems.push(`${code}: ${String(message)}`));
  await pipeline(Readable.from([bytes]), extract({ cwd: partial, preservePaths: false, onwarn }));
  if (problems.length) throw new Error(`the snapshot is damaged: ${problems.slice(0, 3).join("; ")}`);
  renameSync(partial, dir);
}
