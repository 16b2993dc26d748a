import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, readMigrations, type Database } from "../src/index.ts";
import { TARGETS } from "./targets.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

describe.each(TARGETS)("the migration runner on $name", (target) => {
  let dir: string;
  let db: Database;
  let close: () => Promise<void>;
  const write = (name: string, sql: string) => {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, "migration.sql"), sql);
  };
  const history = () =>
    db.query<Row>(`SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at, migration_name`);
  const tables = async () =>
    (await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`)).map((r) => r.table_name);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "fg-migrations-"));
    ({ db, close } = await target.open());
  });
  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies pending migrations in name order and records each as prisma migrate deploy does", async () => {
    const second = `ALTER TABLE "A" ADD COLUMN "b" TEXT;`;
    write("20260102000000_b", second);
    write("20260101000000_a", `CREATE TABLE "A" ("id" INT PRIMARY KEY);`);
    mkdirSync(join(dir, "not_a_migration")); // a folder without migration.sql is not one
    expect(await applyMigrations(db, dir)).toEqual(["20260101000000_a", "20260102000000_b"]);
    const rows = await history();
    expect(rows.map((r) => r.migration_name)).toEqual(["20260101000000_a", "20260102000000_b"]);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(rows[1]?.checksum).toBe(sha256(second));
    expect(readMigrations(dir).map((m) => m.checksum)).toEqual(rows.map((r) => r.checksum));
    expect(await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'A' ORDER BY 1`)).toEqual([{ column_name: "b" }, { column_name: "id" }]);
  });

  it("is idempotent: a second run applies nothing and records nothing, a new migration only itself", async () => {
    write("1_a", `CREATE TABLE "A" ("id" INT);`);
    await applyMigrations(db, dir);
    const before = await history();
    expect(await applyMigrations(db, dir)).toEqual([]);
    expect(await history()).toEqual(before);
    write("2_b", `CREATE TABLE "B" ("id" INT);`);
    expect(await applyMigrations(db, dir)).toEqual(["2_b"]);
    expect(await history()).toHaveLength(2);
  });

  it("refuses an applied migration whose file changed since", async () => {
    write("1_a", `CREATE TABLE "A" ("id" INT);`);
    await applyMigrations(db, dir);
    write("1_a", `CREATE TABLE "A" ("id" BIGINT);`);
    await expect(applyMigrations(db, dir)).rejects.toThrow(new MigrationError("Migration 1_a was modified after it was applied"));
  });

  it("rolls a failing migration back, records the failure with its error, and stops until it is resolved", async () => {
    write("1_a", `CREATE TABLE "A" ("id" INT);`);
    await applyMigrations(db, dir);
    // The first statement succeeds, the second fails: neither may remain.
    write("2_bad", `CREATE TABLE "B" ("id" INT);\nALTER TABLE "Missing" ADD COLUMN "x" INT;`);
    write("3_c", `CREATE TABLE "C" ("id" INT);`);
    const failure = await applyMigrations(db, dir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(/Migration 2_bad failed and was rolled back: .*"Missing"/);
    expect(await tables()).toEqual(["A"]);
    const failed = (await history()).find((r) => r.migration_name === "2_bad");
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0, logs: expect.stringContaining('"Missing"') });

    // Until someone resolves it, nothing else is applied.
    await expect(applyMigrations(db, dir)).rejects.toThrow(/Migration 2_bad failed earlier; resolve it before migrating/);
    expect(await tables()).toEqual(["A"]);

    // `prisma migrate resolve --rolled-back 2_bad`, and a fixed file: both apply.
    await db.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '2_bad'`);
    write("2_bad", `CREATE TABLE "B" ("id" INT);`);
    expect(await applyMigrations(db, dir)).toEqual(["2_bad", "3_c"]);
    expect(await tables()).toEqual(["A", "B", "C"]);
  });

  it("applies nothing for a folder that does not exist", async () => {
    expect(await applyMigrations(db, join(dir, "missing"))).toEqual([]);
    expect(await history()).toEqual([]);
  });
});
