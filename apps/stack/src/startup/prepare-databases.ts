import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { isFreshPGliteDir } from "@floorgraph/db";
import type { SubgraphManifest } from "@floorgraph/manifests";
import type { Progress, Step } from "./progress.ts";
import type { ClusterMade, PrepareRequest, PrepareUpdate } from "./prepare-protocol.ts";

export interface PreparedDatabases {
  /** Resolves once the service's database is ready to open (at once when it already existed). */
  ready(service: string): Promise<void>;
  /** Every preparation settled (workers stopped). */
  settled: Promise<void>;
}

const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([kind, n]) => `${n.toLocaleString("en")} ${kind}`)
    .join(" · ");

/**
 * On a first start, makes the PGlite databases that do not exist yet — migrated, and seeded when
 * asked — in worker threads, one per core (at most one per database), in boot order, so the stack
 * can boot the first services while the later ones are still being made.
 */
export function prepareDatabases(options: {
  manifests: readonly SubgraphManifest[];
  pgliteDir: (service: string) => string;
  seed: boolean;
  logLevel: string;
  progress: Progress;
  workers?: number;
}): PreparedDatabases {
  const fresh = options.manifests.map((m) => m.name).filter((name) => isFreshPGliteDir(options.pgliteDir(name)));
  const waiting = new Map<string, { resolve(): void; reject(error: Error): void; promise: Promise<void>; step: Step }>();
  for (const service of fresh) {
    let resolve!: () => void, reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => undefined); // awaited through ready(); a failure must not go unhandled meanwhile
    const step = options.progress.step(`db:${service}`, `${service} database`, "queued");
    waiting.set(service, { resolve, reject, promise, step });
  }
  const queue = [...fresh];
  const results = new Map<string, string>();
  const count = Math.max(0, Math.min(options.workers ?? availableParallelism(), queue.length));
  const threads = Array.from({ length: count }, () => new Worker(new URL("./prepare-worker.mjs", import.meta.url), { workerData: { seed: options.seed, logLevel: options.logLevel } }));
  // One initdb for all: the first worker makes the empty cluster, the others get a copy.
  threads[0]?.postMessage({ kind: "make-cluster" } satisfies PrepareRequest);
  const workers = threads.map((worker) => runWorker(worker));

  function runWorker(worker: Worker): Promise<void> {
    return new Promise<void>((done) => {
      let current: string | undefined;
      let finished = false;
      const next = () => {
        current = queue.shift();
        if (current) return worker.postMessage({ kind: "prepare", service: current, dir: options.pgliteDir(current) } satisfies PrepareRequest);
        finished = true;
        void worker.terminate().then(() => done());
      };
      worker.on("message", (update: PrepareUpdate | ClusterMade) => {
        if ("kind" in update) {
          for (const other of threads) if (other !== worker) other.postMessage({ kind: "cluster", bytes: update.bytes } satisfies PrepareRequest);
          return;
        }
        const entry = waiting.get(update.service);
        if (!entry) return;
        switch (update.phase) {
          case "ready":
            entry.step.done(results.get(update.service) ?? "ready");
            entry.resolve();
            return next();
          case "failed":
            entry.step.fail(update.reason);
            entry.reject(new Error(`${update.service}: its database could not be prepared: ${update.reason}`));
            return next();
          case "migrated":
          case "seeded": {
            const text = update.phase === "migrated" ? `${update.migrations} migrations` : describeCounts(update.counts);
            results.set(update.service, [results.get(update.service), text].filter(Boolean).join(", "));
            return entry.step.update(text);
          }
          default:
            return entry.step.update(update.phase);
        }
      });
      // The worker died: the database it was making fails, and so do those still queued (the
      // start fails anyway; a settled promise ignores this).
      const died = (error: Error) => {
        if (finished) return;
        finished = true;
        for (const service of [current, ...queue.splice(0)]) if (service) waiting.get(service)?.reject(error);
        done();
      };
      worker.on("error", died);
      worker.on("exit", (code) => died(new Error(`a database worker stopped (exit code ${code})`)));
      next();
    });
  }

  return {
    ready: (service) => waiting.get(service)?.promise ?? Promise.resolve(),
    settled: Promise.all(workers).then(() => undefined),
  };
}

/** Where `npm start` keeps a service's PGlite database. */
export const pgliteDirOf = (dataDir: string) => (service: string) => join(dataDir, "pglite", service);
