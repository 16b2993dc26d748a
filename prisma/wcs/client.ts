import type { Database } from "@floorgraph/db";
import { PrismaClient } from "../generated/wcs/client.ts";
import { makeClient, migrationsDir, type ClientOptions } from "../src/index.ts";

export * from "../generated/wcs/client.ts";
export const wcsMigrationsDir = migrationsDir("wcs");
export const createWcsClient = (db: Database, options?: ClientOptions) : PrismaClient => makeClient<PrismaClient>(PrismaClient, db, options);
