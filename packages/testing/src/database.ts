import { randomBytes } from "node:crypto";
import { dropPostgresDatabase, ensurePostgresDatabase, type DatabaseTarget } from "@floorgraph/db";
import pg from "pg";
import { testConfig } from "./config.ts";

export interface TestDatabase {
  target: DatabaseTarget;
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

/**
 * A fresh database for one service in one test file: empty, or on PostgreSQL a copy of `template`
 * (an empty one when the template has just been replaced by a newer one).
 */
export async function createTestDatabase(service: string, options: { template?: string } = {}): Promise<TestDatabase> {
  const admin = testConfig.FLOORGRAPH_TEST_DATABASE_URL;
  if (!admin) return { target: { pgliteDir: "memory://" }, kind: "pglite", drop: async () => undefined };
  const url = new URL(admin);
  url.pathname = `/fgtest_${service}_${randomBytes(5).toString("hex")}`;
  if (!options.template || !(await copyDatabase(admin, options.template, url.pathname.slice(1)))) await ensurePostgresDatabase(url.toString());
  return { target: { url: url.toString() }, kind: "postgres", drop: () => dropPostgresDatabase(url.toString()) };
}

/** CREATE DATABASE … TEMPLATE; false when the template is gone (the caller then migrates from empty). */
async function copyDatabase(admin: string, template: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database "${name}" template "${template}"`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "3D000") return false;
    throw error;
  } finally {
    await client.end();
  }
}
