import { envBoolean, logLevel, parseEnv, z } from "@floorgraph/config";

/**
 * Test settings. With FLOORGRAPH_TEST_DATABASE_URL (an admin URL to a PostgreSQL server) each test
 * gets fresh databases on that server; without it, in-memory PGlite.
 */
export const testConfig = parseEnv(
  z.object({
    FLOORGRAPH_TEST_DATABASE_URL: z.string().url().optional(),
    /** A Redis server for the tests that need one; without it they start their own redis-server if installed. */
    FLOORGRAPH_TEST_REDIS_URL: z.string().url().optional(),
    /** A Kafka broker list (host:port,…) for the tests that need one; without it they start a broker of their own if Kafka is installed. */
    FLOORGRAPH_TEST_KAFKA_BROKERS: z.string().regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, "host:port[,host:port…]").optional(),
    /** Where scripts/services.sh installed Kafka's jars; default /opt/floorgraph/kafka-<version> (see scripts/kafka/broker.sh). */
    FLOORGRAPH_KAFKA_HOME: z.string().min(1).optional(),
    /** The executor of the gateways whole-system tests start (GATEWAY_EXECUTOR); unset: the gateway's default. */
    FLOORGRAPH_TEST_GATEWAY_EXECUTOR: z.enum(["apollo", "floorgraph"]).optional(),
    /** false: every test database is made from scratch (initdb, migrations, seed) instead of restored from a snapshot (PGlite only). */
    FLOORGRAPH_TEST_SNAPSHOTS: envBoolean(true),
    LOG_LEVEL: logLevel.default("silent"),
  }),
  process.env,
);
