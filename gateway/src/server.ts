import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { formatError } from "@floorgraph/errors";
import type { Logger } from "@floorgraph/logger";
import type { GatewayConfig } from "./config.ts";
import type { GatewayContext } from "./context.ts";
import { authenticate } from "./plugins/authenticate.ts";
import { operationLimits } from "./plugins/limits.ts";
import { operationLogging } from "./plugins/logging.ts";
import { requestContext } from "./plugins/request-context.ts";
import { createSubgraphFetcher, ForwardingDataSource } from "./remote-source.ts";

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: Server;
  stop(): Promise<void>;
}

export type GatewayOptions = Omit<GatewayConfig, "supergraphPath" | "port" | "host" | "logLevel"> & {
  /** The supergraph SDL, or a file to read it from. */
  supergraph: { sdl: string } | { path: string };
};

/** Builds and starts the federation gateway on the given port (0 for any free one). */
export async function startGateway(options: GatewayOptions, logger: Logger, port: number, host = "127.0.0.1"): Promise<RunningGateway> {
  const supergraphSdl = "sdl" in options.supergraph ? options.supergraph.sdl : readFileSync(options.supergraph.path, "utf8");
  const subgraphFetch = createSubgraphFetcher(options.subgraphTimeoutMs);
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name, url }) => {
      const override = options.subgraphUrls[name.toLowerCase()];
      return new ForwardingDataSource(name, { url: override ?? url, fetcher: subgraphFetch.fetcher });
    },
  });

  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  const limits = operationLimits(options.limits);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    // Shutdown is the process's business (main.ts), in the order it chooses.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatError(formatted, error, (internal) => logger.error({ err: internal }, "unhandled gateway error")),
    validationRules: limits.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      operationLogging(),
      // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
      ...(limits.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
    ],
  });
  await apollo.start();

  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  app.use(
    "/graphql",
    cors({ origin: options.corsOrigins === "*" ? "*" : options.corsOrigins, maxAge: 600 }),
    express.json({ limit: options.maxBodyBytes }),
    ...(options.jwt ? [authenticate(options.jwt)] : []),
    expressMiddleware(apollo, { context: requestContext(logger, options.forwardHeaders) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/graphql`;
  logger.info({ url, subgraphs: Object.keys(options.subgraphUrls) }, "gateway listening");
  let stopped = false;
  return {
    url,
    port: address.port,
    httpServer,
    async stop() {
      if (stopped) return;
      stopped = true;
      await apollo.stop();
      await subgraphFetch.close();
    },
  };
}
