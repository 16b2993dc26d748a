import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { extractSnapshot, openDatabase, saveSnapshot, type Database } from "../src/index.ts";

// PGlite snapshots: what test boots restore, and what `npm start` writes a first start's databases from.
const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});
const tracked = async (db: Promise<Database>) => (open.push(await db), open[open.length - 1] as Database);

async function sample(): Promise<Database> {
  const db = await tracked(openDatabase({ pgliteDir: "memory://" }));
  await db.exec(`CREATE TABLE "T" ("id" INT PRIMARY KEY, "name" TEXT NOT NULL); INSERT INTO "T" VALUES (1, 'kept'), (2, 'kept too')`);
  return db;
}

describe("PGlite snapshots", () => {
  it("restores a saved snapshot into a fresh in-memory database, and leaves a database that exists alone", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fg-snap-")), "t.tar");
    expect(await saveSnapshot(await sample(), file)).toBe(true);
    const copy = await tracked(openDatabase({ pgliteDir: "memory://", restoreFrom: file }));
    expect(await copy.query(`SELECT name FROM "T" ORDER BY id`)).toEqual([{ name: "kept" }, { name: "kept too" }]);
    // A folder that holds a database keeps it: the snapshot is not loaded over it.
    const dir = join(mkdtempSync(join(tmpdir(), "fg-own-")), "db");
    const own = await openDatabase({ pgliteDir: dir });
    await own.exec(`CREATE TABLE "Mine" ("id" INT)`);
    await own.close();
    const reopened = await tracked(openDatabase({ pgliteDir: dir, restoreFrom: file }));
    expect(await reopened.query(`SELECT to_regclass('"T"') AS t, to_regclass('"Mine"') AS mine`)).toEqual([{ t: null, mine: '"Mine"' }]);
  });

  it("extracts a snapshot as a data directory that PGlite opens as it was, leaving no partial folder", async () => {
    const tarball = await ((await sample()).dumpDataDir as () => Promise<Blob>)();
    const parent = mkdtempSync(join(tmpdir(), "fg-extract-"));
    await extractSnapshot(tarball, join(parent, "db"));
    expect(readdirSync(parent)).toEqual(["db"]);
    expect(existsSync(join(parent, "db", "PG_VERSION"))).toBe(true);
    const db = await tracked(openDatabase({ pgliteDir: join(parent, "db") }));
    await db.exec(`INSERT INTO "T" VALUES (3, 'written after')`);
    expect(await db.query(`SELECT count(*)::int AS n FROM "T"`)).toEqual([{ n: 3 }]);
  });

  it("has nothing to save for PostgreSQL", async () => {
    const fake = { dumpDataDir: undefined } as unknown as Database;
    expect(await saveSnapshot(fake, join(tmpdir(), "never.tar"))).toBe(false);
    expect(existsSync(join(tmpdir(), "never.tar"))).toBe(false);
  });
});
