import { randomBytes } from "node:crypto";
import { dropPostgresDatabase, ensurePostgresDatabase, type DatabaseTarget } from "@floorgraph/db";
import { testConfig } from "./config.ts";

export interface TestDatabase {
  target: DatabaseTarget;
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

/** A fresh, empty database for one service in one test file. */
export async function createTestDatabase(service: string): Promise<TestDatabase> {
  const admin = testConfig.FLOORGRAPH_TEST_DATABASE_URL;
  if (!admin) return { target: { pgliteDir: "memory://" }, kind: "pglite", drop: async () => undefined };
  const url = new URL(admin);
  url.pathname = `/fgtest_${service}_${randomBytes(5).toString("hex")}`;
  await ensurePostgresDatabase(url.toString());
  return { target: { url: url.toString() }, kind: "postgres", drop: () => dropPostgresDatabase(url.toString()) };
}
