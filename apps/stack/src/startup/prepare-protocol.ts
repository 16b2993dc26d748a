/** What the main thread asks a prepare worker, and what the worker tells it back. */
export type PrepareRequest =
  | {
      kind: "prepare";
      service: string;
      /** The service's PGlite folder; it must not exist yet (or be empty). */
      dir: string;
    }
  /** Run initdb and send the empty cluster back (one worker does it for all). */
  | { kind: "make-cluster" }
  /** The empty cluster another worker made. */
  | { kind: "cluster"; bytes: ArrayBuffer };

/** The empty cluster, from the worker that made it. */
export interface ClusterMade {
  kind: "cluster";
  bytes: ArrayBuffer;
}

export type PrepareUpdate =
  | { service: string; phase: "initialising" | "migrating" | "seeding" | "writing" | "ready" }
  | { service: string; phase: "migrated"; migrations: number }
  | { service: string; phase: "seeded"; counts: Record<string, number> }
  | { service: string; phase: "failed"; reason: string };
