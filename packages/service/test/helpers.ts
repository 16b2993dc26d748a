import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signRequestBody, SIGNATURE_HEADER } from "@floorgraph/auth";

export const SECRET = "service-test-signing-secret-0123456789abcdef";
export const JWT = { secret: "service-test-jwt-secret-0123456789abcdef", ttlSeconds: 900 };

/** A POST of a GraphQL operation to a subgraph, signed as the gateway signs it. */
export async function signedPost(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ query, variables });
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signRequestBody(body, SECRET), ...headers } });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/** A migrations folder as `prisma migrate` lays it out: <timestamp>_<name>/migration.sql. */
export function migrationsFolder(migrations: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "fg-service-mig-"));
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

/** The event tables every service's migrations create (as in prisma/<service>/schema.prisma). */
export const EVENT_TABLES = `
CREATE TABLE "OutboxEvent" ("seq" BIGSERIAL PRIMARY KEY, "id" UUID NOT NULL UNIQUE, "topic" TEXT NOT NULL, "key" TEXT NOT NULL,
  "type" TEXT NOT NULL, "message" JSONB NOT NULL, "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(), "publishedAt" TIMESTAMPTZ(3));
CREATE TABLE "InboxEvent" ("consumer" TEXT NOT NULL, "eventId" TEXT NOT NULL, "type" TEXT NOT NULL, "outcome" TEXT NOT NULL,
  "handledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(), PRIMARY KEY ("consumer", "eventId"));`;

export const until = async (check: () => Promise<boolean>, tries = 500) => {
  for (let i = 0; i < tries && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  return check();
};
