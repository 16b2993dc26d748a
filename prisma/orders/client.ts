import type { Database } from "@floorgraph/db";
import { PrismaClient } from "../generated/orders/client.ts";
import { makeClient, migrationsDir, type ClientOptions } from "../src/index.ts";

export * from "../generated/orders/client.ts";
export const ordersMigrationsDir = migrationsDir("orders");
export const createOrdersClient = (db: Database, options?: ClientOptions) : PrismaClient => makeClient<PrismaClient>(PrismaClient, db, options);
