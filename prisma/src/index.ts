import type { Database, QueryCounter } from "@floorgraph/db";
import { discoverSubgraphs, subgraphNamed, type ServiceName } from "@floorgraph/manifests";

export type { ServiceName };
/** Every subgraph's name, from the subgraph manifests (each has its Prisma folder, prisma/<name>). */
export const SERVICES = discoverSubgraphs().map((m) => m.name) as ServiceName[];

export const migrationsDir = (service: ServiceName) => subgraphNamed(service).paths.migrations;
export const schemaPath = (service: ServiceName) => subgraphNamed(service).paths.prismaSchema;
/** The service's schema folder (multi-file schema: its schema.prisma and the shared models it links). */
export const schemaDir = (service: ServiceName) => subgraphNamed(service).paths.prisma;

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
