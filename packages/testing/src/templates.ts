import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations, openDatabase } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import type { ServiceDefinition } from "@floorgraph/service";
import { testConfig } from "./config.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { testDatabaseKey, testSnapshotFile } from "./snapshots.ts";

type AnyDefinition = Pick<ServiceDefinition<{ $disconnect(): Promise<void> }>, "name" | "migrationsDir" | "createClient" | "seedDemoData">;

/** A fresh test database for a service, ready as its boot would leave it (migrated; seeded when asked). */
export interface ServiceTestDatabase extends TestDatabase {
  /** PGlite: the snapshot to boot from (BootOptions.snapshot). */
  snapshot?: string;
}

/**
 * A fresh database for one of a test's services. PGlite: an empty in-memory one and the snapshot its
 * boot restores. PostgreSQL: a copy of a template database (`CREATE DATABASE … TEMPLATE`, well under
 * a second) that the first test of a run to need it migrates and seeds — instead of every boot
 * migrating and seeding through Prisma (seconds per service).
 */
export async function createServiceTestDatabase(definition: AnyDefinition, seeded: boolean): Promise<ServiceTestDatabase> {
  const admin = testConfig.FLOORGRAPH_TEST_DATABASE_URL;
  const key = testDatabaseKey(definition.name, seeded);
  if (!admin || !key || !testConfig.FLOORGRAPH_TEST_SNAPSHOTS) {
    return { ...(await createTestDatabase(definition.name)), snapshot: testSnapshotFile(definition.name, seeded) };
  }
  const template = `fgtpl_${definition.name}_${seeded ? "s" : "m"}_${key}`;
  if (!(await databaseExists(admin, template))) await buildTemplate(admin, template, definition, seeded);
  const copy = await createTestDatabase(definition.name, { template });
  return copy;
}

async function withAdmin<T>(admin: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const databaseExists = (admin: string, name: string) =>
  withAdmin(admin, async (c) => Boolean((await c.query("select 1 from pg_database where datname = $1", [name])).rowCount));

/** Migrates and seeds under a name of its own, then renames: a half-built template is never copied. */
async function buildTemplate(admin: string, template: string, definition: AnyDefinition, seeded: boolean): Promise<void> {
  const building = `fgtpl_building_${randomBytes(5).toString("hex")}`;
  await withAdmin(admin, (c) => c.query(`create database "${building}"`));
  const url = new URL(admin);
  url.pathname = `/${building}`;
  const db = await openDatabase({ url: url.toString() }, { poolSize: 2 });
  try {
    await applyMigrations(db, definition.migrationsDir);
    const prisma = definition.createClient(db);
    if (seeded) await definition.seedDemoData?.(prisma, createLogger(`${definition.name}-template`, testConfig.LOG_LEVEL));
    await prisma.$disconnect();
  } finally {
    await db.close();
  }
  await withAdmin(admin, async (c) => {
    try {
      await c.query(`alter database "${building}" rename to "${template}"`);
    } catch (error) {
      // Another test process built the same template meanwhile: keep theirs.
      if ((error as { code?: string }).code !== "42P04") throw error;
      await c.query(`drop database if exists "${building}" with (force)`);
    }
    // Templates of older code or an earlier hour are dead weight on the server.
    const prefix = template.slice(0, template.lastIndexOf("_") + 1);
    const older = await c.query<{ datname: string }>("select datname from pg_database where starts_with(datname, $1) and datname <> $2", [prefix, template]);
    for (const { datname } of older.rows) await c.query(`drop database if exists "${datname}"`).catch(() => undefined);
  });
}
