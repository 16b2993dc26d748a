import { randomBytes } from "node:crypto";
import { parseEnv, z } from "@floorgraph/config";
import { dropPostgresDatabase, ensurePostgresDatabase, openDatabase, type Database } from "../src/index.ts";

// @floorgraph/testing depends on this package, so its tests read the one setting they need themselves.
const config = parseEnv(z.object({ FLOORGRAPH_TEST_DATABASE_URL: z.string().url().optional() }), process.env);

export interface TestTarget {
  name: "PGlite" | "PostgreSQL";
  /** A fresh, empty database; dropped by the returned close(). */
  open(): Promise<{ db: Database; url?: string; close(): Promise<void> }>;
}

/** PGlite always; PostgreSQL too when FLOORGRAPH_TEST_DATABASE_URL (an admin URL) is set. */
export const TARGETS: TestTarget[] = [
  {
    name: "PGlite",
    open: async () => {
      const db = await openDatabase({ pgliteDir: "memory://" });
      return { db, close: () => db.close() };
    },
  },
  ...(config.FLOORGRAPH_TEST_DATABASE_URL
    ? [
        {
          name: "PostgreSQL" as const,
          open: async () => {
            const url = new URL(config.FLOORGRAPH_TEST_DATABASE_URL as string);
            url.pathname = `/fgtest_db_${randomBytes(5).toString("hex")}`;
            await ensurePostgresDatabase(url.toString());
            const db = await openDatabase({ url: url.toString() }, { poolSize: 4 });
            return {
              db,
              url: url.toString(),
              close: async () => {
                await db.close();
                await dropPostgresDatabase(url.toString());
              },
            };
          },
        },
      ]
    : []),
];
