import type { Database } from "@floorgraph/db";
import { PrismaClient } from "../generated/warehouse/client.ts";
import { makeClient, migrationsDir, type ClientOptions } from "../src/index.ts";

export * from "../generated/warehouse/client.ts";
export const warehouseMigrationsDir = migrationsDir("warehouse");
export const createWarehouseClient = (db: Database, options?: ClientOptions) : PrismaClient => makeClient<PrismaClient>(PrismaClient, db, options);
