// The dashboard as a process of its own (docker-compose.yml, Kubernetes): serves web/'s build, made in
// the image (Dockerfile), with /config.json pointing the browser at the gateway's public URL.
import { baseEnvSchema, envPort, parseEnv, z } from "@floorgraph/config";
import { createLogger } from "@floorgraph/logger";
import { prepareDashboard } from "./dashboard.ts";

const env = parseEnv(
  baseEnvSchema.extend({
    HOST: z.string().default("127.0.0.1").describe("address to listen on (`0.0.0.0` in containers)"),
    DASHBOARD_PORT: envPort(4173).describe("the dashboard's port"),
    DASHBOARD_GRAPHQL_URL: z.url().default("http://localhost:4000/graphql").describe("the gateway's GraphQL URL as the browser reaches it"),
  }),
  process.env,
);
const logger = createLogger("dashboard", env.LOG_LEVEL);
const served = await prepareDashboard({ enabled: true, host: env.HOST, port: env.DASHBOARD_PORT }, logger).serve(env.DASHBOARD_GRAPHQL_URL);
if ("unavailable" in served) {
  logger.fatal(served.unavailable);
  process.exit(1);
}
logger.info({ url: served.url, graphqlUrl: env.DASHBOARD_GRAPHQL_URL }, "dashboard serving");
