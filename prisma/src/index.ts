import { fileURLToPath } from "node:url";
import type { Database, QueryCounter } from "@floorgraph/db";

export const SERVICES = ["users", "orders", "inventory", "warehouse", "shipment", "wcs"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const migrationsDir = (service: ServiceName) => fileURLToPath(new URL(`../${service}/migrations`, import.meta.url));
export const schemaPath = (service: ServiceName) => fileURLToPath(new URL(`../${service}/schema.prisma`, import.meta.url));
/** The service's schema folder (multi-file schema: its schema.prisma and the shared models it links). */
export const schemaDir = (service: ServiceName) => fileURLToPath(new URL(`../${service}`, import.meta.url));

export interface ClientOptions {
  /** When given, every SQL statement the client sends is recorded (tests, diagnostics). */
  counter?: QueryCounter;
}

type QueryEventClient = { $on(event: "query", listener: (event: { query: string }) => void): void };

/** Builds a generated PrismaClient over a Database's driver adapter. */
export function makeClient<C>(Client: new (options: never) => unknown, db: Database, options: ClientOptions = {}): C {
  const { counter } = options;
  const client = new Client({
    adapter: db.adapter,
    log: counter ? [{ emit: "event", level: "query" }] : [],
  } as never) as C;
  if (counter) (client as unknown as QueryEventClient).$on("query", (event) => counter.record(event.query));
  return client;
}
