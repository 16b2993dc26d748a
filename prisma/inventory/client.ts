import type { Database } from "@floorgraph/db";
import { PrismaClient } from "../generated/inventory/client.ts";
import { makeClient, migrationsDir, type ClientOptions } from "../src/index.ts";

export * from "../generated/inventory/client.ts";
export const inventoryMigrationsDir = migrationsDir("inventory");
export const createInventoryClient = (db: Database, options?: ClientOptions) : PrismaClient => makeClient<PrismaClient>(PrismaClient, db, options);
