import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, gql, testConfig } from "@floorgraph/testing";
import { ok } from "./flow.ts";
import { NpmStart } from "./npm-start.ts";

// A newcomer's first `npm start`: it says what it is doing while it makes the databases (in worker
// threads), survives being killed in the middle of that, and a later start only makes what is missing.
const SERVICES = ["users", "warehouse", "inventory", "orders", "shipment", "wcs"];
const dataDir = mkdtempSync(join(tmpdir(), "floorgraph-first-"));
const pglite = join(dataDir, "pglite");
let stack: NpmStart | undefined;

afterAll(async () => {
  await stack?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

const made = (output: string) => SERVICES.filter((s) => new RegExp(`^\\[ *[\\d.]+ s\\] ${s} database: .*migrations.*\\(\\d+\\.\\d s\\)$`, "m").test(output));

describe.skipIf(Boolean(testConfig.FLOORGRAPH_TEST_DATABASE_URL || testConfig.FLOORGRAPH_TEST_KAFKA_BROKERS))("the first npm start (embedded defaults; skipped in the run against external services)", () => {
  it("reports each database as it is made, survives a kill meanwhile, and then makes only what is missing", async () => {
    const port = await freePort();
    stack = new NpmStart(dataDir, port);
    // Killed while the second database is being seeded: some are made, some not, one half-way.
    await stack.start(/warehouse database: seeding/);
    await stack.kill();
    const before = stack.output;
    expect(before).toMatch(/^\[ *[\d.]+ s\] users database: queued$/m);
    // Only whole databases are where a start looks for them; a half-made one is never there (one
    // may have been finished in the moment between the last line and the kill).
    const present = existsSync(pglite) ? readdirSync(pglite).filter((d) => SERVICES.includes(d)) : [];
    expect(present).toEqual(expect.arrayContaining(made(before)));
    expect(present).not.toContain("warehouse");

    const url = await stack.start();
    const output = stack.output;
    // What was made before is not made again; everything else is, counted.
    expect(made(output).sort()).toEqual(SERVICES.filter((s) => !present.includes(s)).sort());
    expect(output).toMatch(/warehouse database: 2 migrations, 2 warehouses · 16 zones · 4,968 locations \(\d+\.\d s\)/);
    expect(output).toMatch(/^Start-up:\n {2}databases made {6}(\w+ \d+\.\d s(, )?)+\n {2}subgraphs booted {4}users \d+\.\d s, warehouse/m);
    for (const service of SERVICES) expect(existsSync(join(pglite, service, "PG_VERSION"))).toBe(true);
    const token = ok(await gql<{ login: { token: string } }>(url, `mutation { login(email: "admin@floorgraph.dev", password: "floorgraph") { token } }`)).login.token;
    const data = ok(await gql<{ locations: unknown[]; skus: unknown[] }>(url, `{ locations(type: PICK, first: 3) { id } skus(first: 3) { code } }`, {}, token));
    expect(data.locations).toHaveLength(3);
    expect(data.skus).toHaveLength(3);

    // A warm start makes nothing and says where its time went.
    await stack.kill();
    await stack.start();
    expect(made(stack.output)).toEqual([]);
    expect(stack.output).toMatch(/^Start-up:\n {2}subgraphs booted {4}users \d+\.\d s/m);
  }, 900_000);
});
