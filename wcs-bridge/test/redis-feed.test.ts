import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { PrismaClient } from "@floorgraph/prisma/wcs";
import { signedGql, startTestRedis, startTestSubgraph, tokenFor, signedWsClient, type TestRedis, type TestSocket, type TestSubgraph } from "@floorgraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import { startFloorSimulator, type FloorSimulator } from "../src/simulator/server.ts";
import { createWcsService } from "../src/subgraph/service.ts";
import { insecure } from "./bridge-support.ts";
import { tempDir, waitFor } from "./support.ts";

const redis: TestRedis | null = await startTestRedis();
const pki = tempDir("wcs-redis-");
const prefix = `floorgraph-test:${randomUUID()}`;
let sim: FloorSimulator;
const clients: FloorClient[] = [];
const bridges: TestSubgraph<PrismaClient>[] = [];
const sockets: TestSocket[] = [];
let spy: Redis;
let listener: Redis;
const published: string[] = [];

async function startBridge(): Promise<TestSubgraph<PrismaClient>> {
  const client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path));
  clients.push(client);
  const bridge = await startTestSubgraph(createWcsService({ floorClient: client, redisUrl: redis!.url, redisPrefix: prefix, redisLeaseMs: LEASE_MS }));
  bridges.push(bridge);
  return bridge;
}
const leaseHolder = () => spy.get(`${prefix}:publisher`);
// Long enough that starting the second instance (migrations block this process's event loop for a
// while on a busy machine) cannot let the first one's lease lapse.
const LEASE_MS = 15_000;

describe.skipIf(!redis)("wcs bridge instances sharing floor events through Redis", () => {
  beforeAll(async () => {
    sim = await startFloorSimulator({ port: 0, seed: 3, pkiDir: pki.path, autoStart: true, jamProbability: 0, errorProbability: 0 });
    spy = new Redis(redis!.url);
    listener = new Redis(redis!.url);
    await listener.subscribe(`${prefix}:floor-events`);
    listener.on("message", (_c: string, m: string) => published.push(JSON.parse(m).event));
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.dispose()));
    for (const b of bridges) await b.stop().catch(() => undefined);
    for (const c of clients) await c.close();
    spy?.disconnect();
    listener?.disconnect();
    await sim?.stop();
    await redis?.stop();
    pki.remove();
  });

  it("one instance publishes, and a subscriber of the other receives the commanded change through Redis", async () => {
    const a = await startBridge();
    await waitFor(async () => (await leaseHolder()) !== null);
    const holder = await leaseHolder();
    const b = await startBridge();
    await new Promise((r) => setTimeout(r, 500));
    // B did not take the lease: A publishes for both.
    expect(await leaseHolder()).toBe(holder);
    expect(await spy.pubsub("NUMSUB", `${prefix}:floor-events`)).toEqual([`${prefix}:floor-events`, 3]);

    const socket = signedWsClient(b.url, await tokenFor("VIEWER"));
    sockets.push(socket);
    const changes = socket.subscribe(`subscription { conveyorChanged(id: "CV-OUT-01") { id state stale } }`);
    await new Promise((r) => setTimeout(r, 300));
    const before = published.length;
    const stop = await signedGql(a.url, `mutation { stopConveyor(id: "CV-OUT-01", commandId: "redis-stop-1") { state } }`, {}, await tokenFor("OPERATOR"));
    expect(stop.errors).toBeUndefined();
    const event = await changes.next((e) => e.data?.conveyorChanged.state === "STOPPED");
    expect(event.data!.conveyorChanged).toEqual({ id: "CV-OUT-01", state: "STOPPED", stale: false });
    expect(published.slice(before)).toContain("conveyor");
  });

  it("hands publishing over when the publishing instance stops, and the other instance's subscribers carry on", async () => {
    const [a, b] = bridges as [TestSubgraph<PrismaClient>, TestSubgraph<PrismaClient>];
    const socket = signedWsClient(b.url, await tokenFor("VIEWER"));
    sockets.push(socket);
    const changes = socket.subscribe(`subscription { conveyorChanged(id: "CV-OUT-01") { id state } }`);
    const holder = await leaseHolder();
    await a.stop();
    // A stopping publisher releases its lease; the other takes it at its next check (a third of the lease).
    await waitFor(async () => {
      const now = await leaseHolder();
      return now !== null && now !== holder;
    }, LEASE_MS);
    await new Promise((r) => setTimeout(r, 300));
    const start = await signedGql(b.url, `mutation { startConveyor(id: "CV-OUT-01", commandId: "redis-start-1") { state } }`, {}, await tokenFor("OPERATOR"));
    expect(start.errors).toBeUndefined();
    await changes.next((e) => e.data?.conveyorChanged.state === "RUNNING");
  });
});
