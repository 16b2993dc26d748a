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

export function isTransientError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (TRANSIENT_CODES.has(e.code) || e.code.startsWith("08"))) return true;
  }
  return false;
}
