import type { Database } from "@floorgraph/db";
import { PrismaClient } from "../generated/shipment/client.ts";
import { makeClient, migrationsDir, type ClientOptions } from "../src/index.ts";

export * from "../generated/shipment/client.ts";
export const shipmentMigrationsDir = migrationsDir("shipment");
export const createShipmentClient = (db: Database, options?: ClientOptions) : PrismaClient => makeClient<PrismaClient>(PrismaClient, db, options);
