import { logLevel, parseEnv, z } from "@floorgraph/config";

/**
 * Test settings. With FLOORGRAPH_TEST_DATABASE_URL (an admin URL to a PostgreSQL server) each test
 * gets fresh databases on that server; without it, in-memory PGlite.
 */
export const testConfig = parseEnv(
  z.object({
    FLOORGRAPH_TEST_DATABASE_URL: z.string().url().optional(),
    /** A Redis server for the tests that need one; without it they start their own redis-server if installed. */
    FLOORGRAPH_TEST_REDIS_URL: z.string().url().optional(),
    LOG_LEVEL: logLevel.default("silent"),
  }),
  process.env,
);
