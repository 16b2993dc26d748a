import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { RevocationList } from "@floorgraph/auth";
import type { Database } from "@floorgraph/db";
import { InProcessBus, newEvent, type RawTransaction } from "@floorgraph/events";
import { createLogger } from "@floorgraph/logger";
import { bootService, type BootedService, type ServiceDefinition, type ServiceDeps, type ServiceName } from "../src/boot.ts";
import { DEFAULT_SUBGRAPH_PROTECTION } from "../src/protection.ts";
import { createSubgraphServer, type RunningServer } from "../src/subgraph-server.ts";
import { EVENT_TABLES, JWT, migrationsFolder, SECRET, signedPost, until } from "./helpers.ts";

// Two small services booted as every subgraph is: a ledger that records entries (and announces them),
// and an auditor that counts the entries it hears of. Real PGlite databases, a real in-process bus.
const logger = createLogger("boot-test", "silent");
const protection = { ...DEFAULT_SUBGRAPH_PROTECTION, signingSecrets: [SECRET] };

type Client = { $disconnect(): Promise<void>; disconnected: number; db: Database };
const prismaLike = (tx: Pick<Database, "query">): RawTransaction => ({
  $executeRawUnsafe: async (sql, ...values) => (await tx.query(sql, values)).length,
  $queryRawUnsafe: async <T>(sql: string, ...values: unknown[]) => (await tx.query(sql, values)) as T,
});

const LEDGER_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { entries: [String!]! peers: [String!]! maxCost: Int }
  type Mutation { record(note: String!): Int! }
`);

interface Seen {
  deps?: ServiceDeps<Client>;
  seeded: number;
}

function ledger(migrationsDir: string, seen: Seen, options: { seed?: boolean; failServer?: boolean } = {}): ServiceDefinition<Client> {
  return {
    name: "ledger" as ServiceName,
    migrationsDir,
    createClient: (db) => {
      const client: Client = { db, disconnected: 0, $disconnect: async () => void client.disconnected++ };
      return client;
    },
    ...(options.seed === false
      ? {}
      : {
          async seedDemoData(client: Client) {
            seen.seeded++;
            const [row] = await client.db.query<{ n: number }>(`select count(*)::int as n from "Entry"`);
            if (row?.n) return false;
            await client.db.exec(`insert into "Entry" (note) values ('opening balance')`);
            return true;
          },
        }),
    async createServer(deps) {
      seen.deps = deps;
      if (options.failServer) throw new Error("no server today");
      const { db, events } = deps;
      return createSubgraphServer({
        name: "ledger",
        typeDefs: LEDGER_SDL,
        resolvers: {
          Query: {
            entries: async () => (await db.query<{ note: string }>(`select note from "Entry" order by id`)).map((r) => r.note),
            peers: () => Object.entries(deps.peers).map(([k, v]) => `${k}=${v}`),
            maxCost: () => deps.maxCost ?? null,
          },
          Mutation: {
            record: async (_: unknown, { note }: { note: string }) => {
              const id = await db.transaction(async (tx) => {
                const [row] = await tx.query<{ id: number }>(`insert into "Entry" (note) values ($1) returning id`, [note]);
                await events.outbox.append(prismaLike(tx), newEvent({ type: "order.placed", source: "ledger", subject: String(row!.id), data: { note } }));
                return row!.id;
              });
              events.outbox.flush();
              return id;
            },
          },
        },
        logger,
        jwt: deps.jwt,
        protection: deps.protection,
        db,
        extendContext: (base) => base,
      });
    },
  };
}

const ENTRY = `CREATE TABLE "Entry" ("id" SERIAL PRIMARY KEY, "note" TEXT NOT NULL);`;
const opened: { booted: BootedService<Client>; running?: RunningServer }[] = [];
afterEach(async () => {
  for (const { booted, running } of opened.splice(0).reverse()) {
    await running?.stop();
    await booted.close();
  }
});

async function boot(definition: ServiceDefinition<Client>, options: Partial<Parameters<typeof bootService>[1]> = {}) {
  const booted = await bootService(definition, { database: { pgliteDir: "memory://" }, jwt: JWT, protection, logger, migrate: true, seedDemoData: false, ...options });
  const entry: { booted: BootedService<Client>; running?: RunningServer } = { booted };
  opened.push(entry);
  return entry;
}

describe("bootService", () => {
  it("applies the service's migrations once: a second boot on the same database applies none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fg-boot-"));
    const migrations = migrationsFolder({ "20260101000000_init": EVENT_TABLES, "20260102000000_entries": ENTRY });
    const first = await boot(ledger(migrations, { seeded: 0 }), { database: { pgliteDir: dir } });
    const applied = await first.booted.db.query<{ migration_name: string }>(`select migration_name from "_prisma_migrations" order by 1`);
    expect(applied.map((r) => r.migration_name)).toEqual(["20260101000000_init", "20260102000000_entries"]);
    await first.booted.close();
    opened.pop();

    const second = await boot(ledger(migrations, { seeded: 0 }), { database: { pgliteDir: dir } });
    const again = await second.booted.db.query(`select migration_name from "_prisma_migrations"`);
    expect(again).toHaveLength(2);
  });

  it("does not migrate when told not to (the tables are then missing)", async () => {
    const { booted } = await boot(ledger(migrationsFolder({ "20260101000000_init": ENTRY }), { seeded: 0 }), { migrate: false });
    await expect(booted.db.query(`select * from "Entry"`)).rejects.toThrow(/Entry/);
  });

  it("seeds the demo data only when asked, and only as far as the service's seed says", async () => {
    const migrations = migrationsFolder({ "20260101000000_init": EVENT_TABLES + ENTRY });
    const unasked: Seen = { seeded: 0 };
    await boot(ledger(migrations, unasked), { seedDemoData: false });
    expect(unasked.seeded).toBe(0);
    const asked: Seen = { seeded: 0 };
    const { booted } = await boot(ledger(migrations, asked), { seedDemoData: true });
    expect(asked.seeded).toBe(1);
    expect(await booted.db.query(`select note from "Entry"`)).toEqual([{ note: "opening balance" }]);
    // A service without a seed boots the same with seeding asked for.
    const none: Seen = { seeded: 0 };
    await boot(ledger(migrations, none, { seed: false }), { seedDemoData: true });
    expect(none.seeded).toBe(0);
  });

  it("saves a snapshot after migrating and seeding, and a later boot restores it instead of doing either", async () => {
    const migrations = migrationsFolder({ "20260101000000_init": ENTRY });
    const snapshot = join(mkdtempSync(join(tmpdir(), "boot-snapshot-")), "ledger.tar");
    const first: Seen = { seeded: 0 };
    const made = await boot(ledger(migrations, first), { seedDemoData: true, snapshot });
    expect(first.seeded).toBe(1);
    expect(existsSync(snapshot)).toBe(true);
    await made.booted.db.exec(`insert into "Entry" (note) values ('after the snapshot')`);

    const second: Seen = { seeded: 0 };
    const restored = await boot(ledger(migrations, second), { seedDemoData: true, snapshot });
    // The seed ran (it is asked every boot) but found its rows: nothing written twice, and the
    // first database's later writes are not in the copy.
    expect(second.seeded).toBe(1);
    expect(await restored.booted.db.query(`select note from "Entry"`)).toEqual([{ note: "opening balance" }]);
    expect(await restored.booted.db.query(`select migration_name from "_prisma_migrations"`)).toEqual([{ migration_name: "20260101000000_init" }]);
  });

  it("restores a snapshot only into a fresh database: a PGlite folder that holds one keeps it", async () => {
    const migrations = migrationsFolder({ "20260101000000_init": ENTRY });
    const dir = join(mkdtempSync(join(tmpdir(), "boot-dir-")), "ledger");
    const snapshot = join(mkdtempSync(join(tmpdir(), "boot-snapshot-")), "ledger.tar");
    await (await boot(ledger(migrations, { seeded: 0 }), { seedDemoData: true, snapshot })).booted.close();
    const own = await boot(ledger(migrations, { seeded: 0 }), { database: { pgliteDir: dir } });
    await own.booted.db.exec(`insert into "Entry" (note) values ('mine')`);
    await own.booted.close();
    opened.splice(0);
    const reopened = await boot(ledger(migrations, { seeded: 0 }), { database: { pgliteDir: dir }, snapshot });
    expect(await reopened.booted.db.query(`select note from "Entry"`)).toEqual([{ note: "mine" }]);
  });

  it("hands createServer its client, peers, limits and one revocation list (also the JWT settings')", async () => {
    const seen: Seen = { seeded: 0 };
    const revocations = new RevocationList();
    const { booted } = await boot(ledger(migrationsFolder({ "20260101000000_init": EVENT_TABLES + ENTRY }), seen), {
      peers: { orders: "http://orders.test/graphql" },
      maxCost: 1234,
      revocations,
    });
    expect(seen.deps?.prisma).toBe(booted.prisma);
    expect(seen.deps?.db).toBe(booted.db);
    expect(seen.deps?.revocations).toBe(revocations);
    expect(seen.deps?.jwt).toEqual({ ...JWT, revocations });
    const running = await booted.server.listen(0);
    opened[opened.length - 1]!.running = running;
    const res = await signedPost(running.url, "{ peers maxCost entries }");
    expect(res.body).toEqual({ data: { peers: ["orders=http://orders.test/graphql"], maxCost: 1234, entries: [] } });
    await revocations.close();
  });

  it("closes the database when the server cannot be built, and reports why", async () => {
    const seen: Seen = { seeded: 0 };
    await expect(
      bootService(ledger(migrationsFolder({ "20260101000000_init": ENTRY }), seen, { failServer: true }), {
        database: { pgliteDir: "memory://" },
        jwt: JWT,
        protection,
        logger,
        migrate: true,
        seedDemoData: false,
      }),
    ).rejects.toThrow("no server today");
    await expect(seen.deps!.db.query("select 1")).rejects.toThrow();
  });

  it("close() disconnects the client and closes the database", async () => {
    const { booted } = await boot(ledger(migrationsFolder({ "20260101000000_init": ENTRY }), { seeded: 0 }));
    opened.pop();
    await booted.close();
    expect(booted.prisma.disconnected).toBe(1);
    await expect(booted.db.query("select 1")).rejects.toThrow();
  });

  it("connects a service's outbox to another's consumer through the shared bus, once the relay starts", async () => {
    const bus = new InProcessBus();
    try {
      const producer = await boot(ledger(migrationsFolder({ "20260101000000_init": EVENT_TABLES + ENTRY }), { seeded: 0 }), { bus });
      const auditorDefinition: ServiceDefinition<Client> = {
        ...ledger(migrationsFolder({ "20260101000000_init": `${EVENT_TABLES} CREATE TABLE "Heard" ("subject" TEXT PRIMARY KEY);` }), { seeded: 0 }),
        name: "auditor" as ServiceName,
        async createServer({ db, events, jwt }) {
          events.consume({
            name: "auditor",
            topics: ["order.events"],
            transaction: (fn) => db.transaction((tx) => fn(prismaLike(tx))),
            handlers: { "order.placed": async (event, tx) => void (await tx.$executeRawUnsafe(`insert into "Heard" values ($1)`, event.subject)) },
          });
          return createSubgraphServer({ name: "auditor", typeDefs: parse(`type Query { ok: Boolean }`), resolvers: {}, logger, jwt, protection, extendContext: (b) => b });
        },
      };
      const auditor = await boot(auditorDefinition, { bus });
      expect(auditor.booted.events.consumers()).toEqual([{ group: "auditor", topics: ["order.events"] }]);

      producer.running = await producer.booted.server.listen(0);
      const recorded = await signedPost(producer.running.url, `mutation { a: record(note: "one") b: record(note: "two") }`);
      expect(recorded.body.data).toEqual({ a: 1, b: 2 });
      const heard = () => auditor.booted.db.query<{ subject: string }>(`select subject from "Heard" order by 1`);
      // Nothing travels before the relay starts (the stack starts relays once every consumer listens).
      await new Promise((r) => setTimeout(r, 100));
      expect(await heard()).toEqual([]);
      producer.booted.events.startRelay();
      expect(await until(async () => (await heard()).length === 2)).toBe(true);
      expect(await heard()).toEqual([{ subject: "1" }, { subject: "2" }]);
    } finally {
      for (const { booted, running } of opened.splice(0).reverse()) {
        await running?.stop();
        await booted.close();
      }
      await bus.close();
    }
  });
});
