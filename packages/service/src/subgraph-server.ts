import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema } from "@apollo/subgraph";
import express from "express";
import type { DocumentNode } from "graphql";
import type { JwtSettings } from "@floorgraph/auth";
import type { Database } from "@floorgraph/db";
import { formatError } from "@floorgraph/errors";
import type { Logger } from "@floorgraph/logger";
import { graphqlTracing, traceHttpRequests } from "@floorgraph/tracing";
import { buildRequestContext, type RequestContext } from "./context.ts";
import { DEFAULT_SUBGRAPH_MAX_COST, subgraphCostLimit } from "./cost-limit.ts";
import { inputGuard } from "./input-guard.ts";
import { operationLimitProtection } from "./operation-limits.ts";
import { jsonError, jsonErrorHandler, peerSigner, requireSigned, verifySignedBody, type SubgraphProtection } from "./protection.ts";
import { serveSubscriptions } from "./subscriptions.ts";

export interface SubgraphServerOptions<Ctx extends RequestContext> {
  name: string;
  typeDefs: DocumentNode;
  // Resolver maps are checked against generated types in each service; here any map will do.
  resolvers: object;
  logger: Logger;
  jwt: JwtSettings;
  /** Signed requests only, operation limits, body and socket limits (see protection.ts). */
  protection: SubgraphProtection;
  /** Adds per-request loaders and services to the base context. */
  extendContext: (base: RequestContext) => Ctx | Promise<Ctx>;
  /** The service's database: /health answers 503 while it does not answer `select 1`. */
  db?: Pick<Database, "query">;
  /** Also serve operations over graphql-ws at /graphql (for a schema with a Subscription type). */
  subscriptions?: boolean;
  /** The most an operation may cost, estimated on this schema (MAX_COST; see cost-limit.ts). */
  maxCost?: number;
  /** Called once when the server stops, after in-flight requests have drained. */
  onStop?: () => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface SubgraphServer {
  httpServer: Server;
  listen(port: number, host?: string): Promise<RunningServer>;
}

/**
 * Builds (does not start) an HTTP server that serves one federated subgraph at /graphql, with /health.
 * The subgraph protects itself as if no gateway stood in front of it: it answers only requests
 * signed with a shared secret (the gateway's and its peers'; 401 otherwise, introspection and
 * `_service` included) and applies the gateway's operation limits to every operation.
 */
export async function createSubgraphServer<Ctx extends RequestContext>(
  options: SubgraphServerOptions<Ctx>,
): Promise<SubgraphServer> {
  const { logger, protection } = options;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  // Longer than any client's idle timeout, so keep-alive connections from the gateway are
  // closed by the gateway's side and never reset mid-request.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const schema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as never }]);
  const sockets = options.subscriptions
    ? serveSubscriptions({ httpServer, schema, path: "/graphql", jwt: options.jwt, logger, extendContext: options.extendContext, protection })
    : null;
  const limits = operationLimitProtection(protection.limits);
  const signPeerRequest = peerSigner(protection.signingSecrets);
  const apollo = new ApolloServer<Ctx>({
    schema,
    introspection: true,
    // Shutdown is the process's business (main.ts), in the order it chooses.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, (internal) => logger.error({ err: internal }, "unhandled error in resolver")),
    validationRules: limits.validationRules,
    parseOptions: { maxTokens: protection.limits.maxTokens },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      inputGuard(),
      requestLogging(logger),
      graphqlTracing(options.name),
      subgraphCostLimit(options.typeDefs, options.maxCost ?? DEFAULT_SUBGRAPH_MAX_COST),
      // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
      ...(limits.plugins as unknown as ApolloServerPlugin<Ctx>[]),
    ],
  });
  await apollo.start();

  app.get(["/health", "/health/{*rest}"], async (_req, res) => {
    try {
      await options.db?.query("select 1");
      res.json({ status: "ok", service: options.name });
    } catch (error) {
      logger.warn({ err: error }, "readiness check failed");
      res.status(503).json({ status: "unavailable", service: options.name });
    }
  });
  app.use(
    "/graphql",
    traceHttpRequests(options.name),
    express.json({ limit: protection.maxBodyBytes, verify: verifySignedBody(protection.signingSecrets) }),
    requireSigned,
    expressMiddleware(apollo, {
      context: async ({ req }) => options.extendContext({ ...(await buildRequestContext(req.headers, options.jwt, logger, req.socket.remoteAddress)), signPeerRequest }),
    }),
  );
  app.use((_req: express.Request, res: express.Response) => jsonError(res, 404, "NOT_FOUND", "Not found"));
  app.use(jsonErrorHandler(logger, protection.maxBodyBytes));

  let stopped = false;
  return {
    httpServer,
    async listen(port, host = "127.0.0.1") {
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/graphql`;
      logger.info({ url }, `${options.name} subgraph listening`);
      return {
        url,
        port: address.port,
        async stop() {
          if (stopped) return;
          stopped = true;
          // Sockets first: the HTTP drain waits for connections, and a WebSocket stays open until closed.
          await sockets?.dispose();
          await apollo.stop();
          await options.onStop?.();
        },
      };
    },
  };
}

function requestLogging(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors }) {
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          const log = contextValue.logger ?? logger;
          if (errors?.length) log.info({ operationName, durationMs, errors: errors.map((e) => e.extensions?.code ?? "INTERNAL") }, "request failed");
          else log.debug({ operationName, durationMs }, "request");
        },
      };
    },
  };
}
