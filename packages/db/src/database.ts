import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * Where a service keeps its data: a PostgreSQL URL, or an embedded PGlite directory ("memory://" for
 * tests). `restoreFrom`: a PGlite snapshot (see dumpDataDir; a file or its bytes) loaded when the directory holds no
 * database yet — about 1 s, where initdb alone takes 2–4 s and migrating and seeding more.
 */
export type DatabaseTarget = { url: string } | { pgliteDir: string; restoreFrom?: string | Blob };

/**
 * A service's database handle: the Prisma driver adapter plus a raw SQL channel for
 * migrations and health checks, over either real PostgreSQL or embedded PGlite.
 */
export interface Database {
  kind: "postgres" | "pglite";
  adapter: PrismaPg | PrismaPGlite;
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn inside a transaction on one connection. */
  transaction<T>(fn: (tx: Pick<Database, "exec" | "query">) => Promise<T>): Promise<T>;
  /** PGlite only: the whole data directory as an uncompressed tarball (what `restoreFrom` loads). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<Database> {
  return "url" in target ? openPostgres(target.url, options.poolSize ?? 10) : openPGlite(target.pgliteDir, target.restoreFrom);
}

/** True when a PGlite directory holds no database yet (so a snapshot may be loaded into it). */
export function isFreshPGliteDir(dir: string): boolean {
  return dir.startsWith("memory://") || !existsSync(dir) || readdirSync(dir).length === 0;
}

/** The snapshot's bytes, or undefined when there is none (not made yet, or just replaced by a newer one). */
function readSnapshot(file: string): Blob | undefined {
  try {
    return new Blob([readFileSync(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function openPGlite(dir: string, restoreFrom?: string | Blob): Promise<Database> {
  const snapshot = restoreFrom && isFreshPGliteDir(dir) ? (typeof restoreFrom === "string" ? readSnapshot(restoreFrom) : restoreFrom) : undefined;
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const db = snapshot ? await PGlite.create(dir, { loadDataDir: snapshot }) : await PGlite.create(dir);
  const channel = {
    exec: async (sql: string) => void (await db.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
  };
  return {
    kind: "pglite",
    adapter: new PrismaPGlite(db),
    ...channel,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
        }),
      ),
    dumpDataDir: () => db.dumpDataDir("none"),
    close: () => db.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // A server-side termination of an idle connection (restart, failover, DROP DATABASE … FORCE in
  // tests) must not crash the process: the pool drops that client and the next query reconnects.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  // Fail at start-up, not on the first request, when the server is unreachable.
  await pool.query("select 1");
  return {
    kind: "postgres",
    adapter: new PrismaPg(pool),
    exec: async (sql) => void (await pool.query(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Creates a database on a PostgreSQL server if it does not exist (database per service on one cluster). */
export async function ensurePostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing to create database with unusual name '${name}'`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) {
      await client.query(`create database "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== "42P04") throw error; // created concurrently by another instance
      });
    }
  } finally {
    await client.end();
  }
}

export async function dropPostgresDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}
