import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../src/index.ts";
import { TARGETS } from "./targets.ts";

describe.each(TARGETS)("a $name database", (target) => {
  let db: Database;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await target.open());
    await db.exec(`CREATE TABLE "T" ("id" INT PRIMARY KEY, "name" TEXT NOT NULL)`);
  });
  afterEach(() => close());
  const names = async () => (await db.query<{ name: string }>(`SELECT name FROM "T" ORDER BY id`)).map((r) => r.name);

  it("says what it is, runs several statements with exec and binds parameters in query", async () => {
    expect(db.kind).toBe(target.name === "PGlite" ? "pglite" : "postgres");
    await db.exec(`INSERT INTO "T" VALUES (1, 'a'); INSERT INTO "T" VALUES (2, 'b')`);
    // A parameter is a value, never SQL.
    await db.query(`INSERT INTO "T" VALUES ($1, $2)`, [3, "c'); DROP TABLE \"T\"; --"]);
    expect(await db.query(`SELECT id, name FROM "T" WHERE id = $1`, [3])).toEqual([{ id: 3, name: "c'); DROP TABLE \"T\"; --" }]);
    expect(await names()).toHaveLength(3);
  });

  it("commits a transaction's writes together, and rolls all of them back when it throws", async () => {
    expect(await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO "T" VALUES (1, 'kept')`);
      await tx.exec(`INSERT INTO "T" VALUES (2, 'kept too')`);
      return (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM "T"`))[0]?.n;
    })).toBe(2);
    const failure = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO "T" VALUES (3, 'lost')`);
      throw new Error("changed my mind");
    });
    await expect(failure).rejects.toThrow("changed my mind");
    // A statement the database refuses rolls the transaction back too.
    await expect(db.transaction(async (tx) => {
      await tx.query(`INSERT INTO "T" VALUES (4, 'lost')`);
      await tx.query(`INSERT INTO "T" VALUES (1, 'duplicate')`);
    })).rejects.toMatchObject({ code: "23505" });
    expect(await names()).toEqual(["kept", "kept too"]);
  });

  it("serves Prisma's driver adapter on the same data", async () => {
    await db.query(`INSERT INTO "T" VALUES (1, 'via raw')`);
    const result = await db.adapter.connect().then(async (connection) => {
      const r = await connection.queryRaw({ sql: `SELECT name FROM "T" WHERE id = $1`, args: [1], argTypes: [{ scalarType: "int", arity: "scalar" }] });
      await connection.dispose();
      return r;
    });
    expect(result.rows).toEqual([["via raw"]]);
  });

  it("refuses queries once closed", async () => {
    await close();
    close = async () => undefined;
    await expect(db.query(`SELECT 1`)).rejects.toThrow();
  });
});
