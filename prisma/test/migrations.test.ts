import { cpSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError, openDatabase, readMigrations, type Database } from "@floorgraph/db";
import { createTestDatabase, type TestDatabase } from "@floorgraph/testing";
import { diffSchemas, readSchema } from "../scripts/prisma6.mjs";
import { migrationsDir, schemaDir, schemaPath, SERVICES } from "../src/index.ts";
import { catalogOf } from "./catalog.ts";

const opened: { db: Database; test: TestDatabase }[] = [];
async function freshDatabase(name: string) {
  const test = await createTestDatabase(name);
  const db = await openDatabase(test.target);
  opened.push({ db, test });
  return db;
}
afterAll(async () => {
  for (const { db, test } of opened) {
    await db.close();
    await test.drop();
  }
});

const services = SERVICES.filter((s) => existsSync(schemaPath(s)));

// Prisma's own DDL for each schema as it is now, computed offline by Prisma 6's engine (in parallel: each is a CLI run).
const expectedDdl = new Map<string, string>();
beforeAll(async () => {
  const ddl = await Promise.all(services.map((s) => diffSchemas({ to: readSchema(schemaDir(s)) })));
  services.forEach((s, i) => expectedDdl.set(s, ddl[i] as string));
});

describe.each(services)("%s migrations", (service) => {
  it("produce exactly the database the Prisma schema describes", async () => {
    const migrated = await freshDatabase(`mig_${service}`);
    const applied = await applyMigrations(migrated, migrationsDir(service));
    expect(applied.length).toBeGreaterThan(0);

    const expected = await freshDatabase(`exp_${service}`);
    await expected.exec(expectedDdl.get(service) as string);

    expect(await catalogOf(migrated)).toEqual(await catalogOf(expected));
  });

  it("are recorded in _prisma_migrations as prisma migrate deploy records them, and applied once", async () => {
    const db = await freshDatabase(`rec_${service}`);
    await applyMigrations(db, migrationsDir(service));
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `select migration_name, checksum, finished_at, applied_steps_count from "_prisma_migrations" order by migration_name`,
    );
    const files = readMigrations(migrationsDir(service));
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    expect(await applyMigrations(db, migrationsDir(service))).toEqual([]);
  });
});

describe("migration runner", () => {
  it("refuses a migration that was edited after it was applied", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fg-mig-"));
    cpSync(migrationsDir("users"), dir, { recursive: true });
    const db = await freshDatabase("edit");
    await applyMigrations(db, dir);
    const [first] = readMigrations(dir);
    writeFileSync(join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited\n`);
    await expect(applyMigrations(db, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  it("rolls back a failing migration completely and records it as failed (as prisma migrate deploy does)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fg-mig-"));
    const bad = join(dir, "20990101000000_bad");
    cpSync(migrationsDir("users"), dir, { recursive: true });
    cpSync(join(dir, readMigrations(dir)[0]!.name), bad, { recursive: true });
    writeFileSync(join(bad, "migration.sql"), `create table "Half" (id int);\nselect * from "no_such_table";\n`);
    const db = await freshDatabase("bad");
    await expect(applyMigrations(db, dir)).rejects.toThrow();
    const tables = await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_name = 'Half'`);
    expect(tables).toEqual([]);
    const recorded = await db.query(`select finished_at, logs from "_prisma_migrations" where migration_name = '20990101000000_bad'`);
    expect(recorded).toEqual([{ finished_at: null, logs: expect.stringContaining("no_such_table") }]);
  });
});
