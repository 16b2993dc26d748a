/** Connection-level failures (server down, restarting, pool exhausted): worth retrying forever. */
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now; serialization/deadlock retry.
  "57P01",
  "57P02",
  "57P03",
  "40001",
  "40P01",
  // Prisma: can't reach server, server closed connection, pool timeout, transaction API errors.
  "P1001",
  "P1002",
  "P1017",
  "P2024",
  "P2028",
  "P2034",
]);

const transient = (code: unknown) => typeof code === "string" && (TRANSIENT_CODES.has(code) || code.startsWith("08"));

/** Looks through causes, and through Prisma's raw-query errors (P2010), which carry the database's code in meta. */
export function isTransientError(error: unknown): boolean {
  type Coded = { code?: unknown; cause?: unknown; meta?: { code?: unknown } };
  for (let e = error as Coded | undefined, depth = 0; e && depth < 5; e = e.cause as Coded | undefined, depth++) {
    if (transient(e.code) || transient(e.meta?.code)) return true;
  }
  return false;
}
