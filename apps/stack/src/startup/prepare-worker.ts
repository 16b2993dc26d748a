// Prepares fresh PGlite databases in a worker thread, so that on a first start the services'
// migrations and seeds run on every core instead of one after the other on the main thread.
// Each database is made in memory (from one initdb per worker, reused) and written to its folder
// at the end as plain files, under a temporary name: a crash never leaves half a database behind.
import { parentPort, workerData } from "node:worker_threads";
import { applyMigrations, extractSnapshot, openDatabase } from "@floorgraph/db";
import { createLogger } from "@floorgraph/logger";
import { subgraphNamed } from "@floorgraph/manifests";
import { loadServiceDefinitions } from "../services.ts";
import type { ClusterMade, PrepareRequest, PrepareUpdate } from "./prepare-protocol.ts";

const { seed, logLevel } = workerData as { seed: boolean; logLevel: Parameters<typeof createLogger>[1] };
const logger = createLogger("floorgraph", logLevel);
if (!parentPort) throw new Error("prepare-worker.ts runs as a worker thread");
const port = parentPort;
const post = (update: PrepareUpdate) => port.postMessage(update);

// initdb costs 2–4 s of CPU (far more on a busy machine): one worker runs it and the others start
// from its copy; each service's database is restored from it in under a second.
let receiveCluster!: (cluster: Blob) => void;
const cluster = new Promise<Blob>((resolve) => (receiveCluster = resolve));

async function makeCluster(): Promise<void> {
  const db = await openDatabase({ pgliteDir: "memory://" });
  try {
    const tarball = await (db.dumpDataDir as () => Promise<Blob>)();
    receiveCluster(tarball);
    const made: ClusterMade = { kind: "cluster", bytes: await tarball.arrayBuffer() };
    port.postMessage(made);
  } finally {
    await db.close();
  }
}

async function prepare({ service, dir }: { service: string; dir: string }): Promise<void> {
  const [definition] = await loadServiceDefinitions([subgraphNamed(service)]);
  if (!definition) throw new Error(`no subgraph named ${service}`);
  post({ service, phase: "initialising" });
  const db = await openDatabase({ pgliteDir: "memory://", restoreFrom: await cluster });
  let tarball: Blob;
  try {
    post({ service, phase: "migrating" });
    const applied = await applyMigrations(db, definition.migrationsDir);
    post({ service, phase: "migrated", migrations: applied.length });
    if (seed && definition.seedDemoData) {
      post({ service, phase: "seeding" });
      const prisma = definition.createClient(db);
      const counts = await definition.seedDemoData(prisma, logger.child({ service }));
      await prisma.$disconnect();
      post({ service, phase: "seeded", counts: typeof counts === "object" ? counts : {} });
    }
    post({ service, phase: "writing" });
    tarball = await (db.dumpDataDir as () => Promise<Blob>)();
  } finally {
    await db.close();
  }
  await extractSnapshot(tarball, dir);
  post({ service, phase: "ready" });
}

port.on("message", (request: PrepareRequest) => {
  if (request.kind === "cluster") return receiveCluster(new Blob([request.bytes]));
  if (request.kind === "make-cluster") {
    return void makeCluster().catch((error: unknown) => {
      logger.error({ err: error }, "could not initialise a database cluster");
      process.exit(1); // the worker's exit fails every database it was to make
    });
  }
  prepare(request).catch((error: unknown) => {
    logger.error({ err: error, service: request.service }, "could not prepare the database");
    post({ service: request.service, phase: "failed", reason: error instanceof Error ? error.message : String(error) });
  });
});
