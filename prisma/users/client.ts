import type { Database } from "@floorgraph/db";
import { PrismaClient } from "../generated/users/client.ts";
import { makeClient, migrationsDir, type ClientOptions } from "../src/index.ts";

export * from "../generated/users/client.ts";
export const usersMigrationsDir = migrationsDir("users");
export const createUsersClient = (db: Database, options?: ClientOptions) : PrismaClient => makeClient<PrismaClient>(PrismaClient, db, options);
