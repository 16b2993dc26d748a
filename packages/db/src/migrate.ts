import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "./database.ts";

/** The table `prisma migrate deploy` keeps; same columns so either tool can take over. */
const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's own advisory lock key, so this runner and `prisma migrate deploy` never race each other. */
const PRISMA_ADVISORY_LOCK = 72707369;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

/**
 * Applies pending migrations in name order, each in its own transaction, and records them in
 * `_prisma_migrations` as `prisma migrate deploy` does. An applied migration whose file changed
 * since is refused: history is never rewritten silently.
 */
export async function applyMigrations(db: Database, dir: string): Promise<string[]> {
  const migrations = readMigrations(dir);
  const applied: string[] = [];
  await withLock(db, async () => {
    await db.exec(MIGRATIONS_TABLE);
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `select migration_name, checksum, finished_at, rolled_back_at from "_prisma_migrations"`,
    );
    const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]));
    const failed = rows.find((r) => !r.finished_at && !r.rolled_back_at);
    if (failed) throw new MigrationError(`Migration ${failed.migration_name} failed earlier; resolve it before migrating`);
    for (const migration of migrations) {
      const known = done.get(migration.name);
      if (known) {
        if (known !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was modified after it was applied`);
        }
        continue;
      }
      try {
        await db.transaction(async (tx) => {
          await tx.exec(migration.sql);
          await tx.query(
            `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
             values ($1, $2, now(), $3, now(), 1)`,
            [randomUUID(), migration.checksum, migration.name],
          );
        });
      } catch (error) {
        // Its statements rolled back with the transaction; record the failure as `prisma migrate
        // deploy` does (no finished_at, the error in logs), so the next run stops until someone
        // resolves it (`prisma migrate resolve --rolled-back <name>` sets rolled_back_at).
        const logs = error instanceof Error ? error.message : String(error);
        await db.query(
          `insert into "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count) values ($1, $2, $3, $4, now(), 0)`,
          [randomUUID(), migration.checksum, migration.name, logs],
        );
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${logs}`, { cause: error });
      }
      applied.push(migration.name);
    }
  });
  return applied;
}

async function withLock<T>(db: Database, fn: () => Promise<T>): Promise<T> {
  // PGlite is single-connection and in-process: nobody else can race it.
  if (db.kind === "pglite") return fn();
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [PRISMA_ADVISORY_LOCK]);
    return fn();
  });
}
