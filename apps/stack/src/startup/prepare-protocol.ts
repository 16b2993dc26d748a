/** What the main thread asks a prepare worker, and what the worker tells it back. */
export interface PrepareRequest {
  service: string;
  /** The service's PGlite folder; it must not exist yet (or be empty). */
  dir: string;
}

export type PrepareUpdate =
  | { service: string; phase: "initialising" | "migrating" | "seeding" | "writing" | "ready" }
  | { service: string; phase: "migrated"; migrations: number }
  | { service: string; phase: "seeded"; counts: Record<string, number> }
  | { service: string; phase: "failed"; reason: string };
