import { randomUUID } from "node:crypto";
import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import cors from "cors";
import express from "express";
import { print } from "graphql";
import { CLIENT_ADDRESS_HEADER, RevocationList } from "@floorgraph/auth";
import { RedisRevocationTransport } from "@floorgraph/auth/redis";
import type { Logger } from "@floorgraph/logger";
import { graphqlTracing, traceHttpRequests } from "@floorgraph/tracing";
import { createAccessControl, DEFAULT_ACCESS, type AccessSettings } from "./access/index.ts";
import type { DocumentLookup } from "./access/trusted-documents.ts";
import { Authorizer } from "./authorization/index.ts";
import { authorizingGateway } from "./authorization/gateway.ts";
import { DEFAULT_COST_BUDGETS, SupergraphCost, type CostBudgets } from "./budget/cost.ts";
import { BudgetedGateway } from "./budget/operation-budget.ts";
import { DEFAULT_BUDGET, DEFAULT_SUBSCRIPTIONS, type GatewayConfig } from "./config.ts";
import type { GatewayContext } from "./context.ts";
import { errorHandler, notFound, requireJsonBody } from "./http/errors.ts";
import { FloorgraphExecution } from "./execution/apollo-executor.ts";
import { apolloPipeline } from "./pipeline/apollo.ts";
import { engineAdmission } from "./pipeline/engine.ts";
import { httpPipeline } from "./pipeline/http.ts";
import { createPipeline } from "./pipeline/pipeline.ts";
import { useAuthentication } from "./pipeline/use-authentication.ts";
import { useCost } from "./pipeline/use-cost.ts";
import { useErrorMasking } from "./pipeline/use-error-masking.ts";
import { useIntrospectionPolicy } from "./pipeline/use-introspection-policy.ts";
import { useOperationLimits } from "./pipeline/use-operation-limits.ts";
import { useRateLimit } from "./pipeline/use-rate-limit.ts";
import { useTrustedDocuments } from "./pipeline/use-trusted-documents.ts";
import { graphqlOverHttp } from "./plugins/graphql-over-http.ts";
import { operationLogging } from "./plugins/logging.ts";
import { requestContext } from "./plugins/request-context.ts";
import { tracedFetcher } from "./plugins/tracing.ts";
import { subscriptionsOverHttp } from "./plugins/subscriptions-over-http.ts";
import { createSubgraphFetcher, ForwardingDataSource } from "./remote-source.ts";
import { SubscriptionEngine } from "./subscriptions/engine.ts";
import { Counter, DEFAULT_SOCKET_LIMITS } from "./subscriptions/limits.ts";
import { sseHandler } from "./subscriptions/sse-transport.ts";
import { serveGatewaySockets, type OperationRunner } from "./subscriptions/ws-transport.ts";

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: Server;
  /** Replaces the supergraph (as a changed supergraph file does): queries and subscriptions move over. */
  reloadSupergraph(sdl: string): void;
  subscriptionStats(): ReturnType<SubscriptionEngine["stats"]> & { sockets: number; clientSockets: number };
  stop(): Promise<void>;
}

export type GatewayOptions = Omit<GatewayConfig, "supergraphPath" | "port" | "host" | "logLevel" | "subscriptions" | "budget" | "sockets" | "access" | "costBudgets" | "usingDevSigningSecret"> & {
  /** Rate limits, persisted queries' storage, introspection policy; defaults: DEFAULT_ACCESS (Redis: redisUrl). */
  access?: Partial<AccessSettings>;
  /** Demand control budgets (DEFAULT_COST_BUDGETS when omitted); null turns it off (a benchmark's baseline only). */
  costBudgets?: CostBudgets | null;
  /** The supergraph SDL, or a file to read it from (and to reload when it changes). */
  supergraph: { sdl: string } | { path: string };
  subscriptions?: GatewayConfig["subscriptions"];
  /** A revocation list shared with the users service in this process; otherwise one fed by REDIS_URL. */
  revocations?: RevocationList;
  /** Per-operation deadline and response size (DEFAULT_BUDGET when absent). */
  budget?: Partial<GatewayConfig["budget"]>;
  /** WebSocket and subscription limits (DEFAULT_SOCKET_LIMITS, messages up to maxBodyBytes, when absent). */
  sockets?: Partial<GatewayConfig["sockets"]>;
  /** The floorgraph executor's in-flight sharing (both on when absent; a benchmark's baseline turns them off). */
  executorDedup?: { subgraphFetches?: boolean; operations?: boolean };
};

const PERSISTED_OPERATION = "query PersistedOperation($hash: String!) { persistedOperation(hash: $hash) { body } }";

/** Builds and starts the federation gateway on the given port (0 for any free one). */
export async function startGateway(options: GatewayOptions, logger: Logger, port: number, host = "127.0.0.1"): Promise<RunningGateway> {
  const supergraphSdl = "sdl" in options.supergraph ? options.supergraph.sdl : readFileSync(options.supergraph.path, "utf8");
  const ownRevocations = !options.revocations && options.jwt && options.redisUrl
    ? await new RevocationList(new RedisRevocationTransport({ url: options.redisUrl, onError: (err) => logger.warn({ err }, "revocations: Redis unreachable") })).start()
    : null;
  const revocations = options.revocations ?? ownRevocations;
  if (options.jwt && !revocations) logger.warn("REDIS_URL is not set: revoked tokens stay valid here until they expire");
  // Every token check (HTTP, sockets, streams) refuses revoked tokens.
  const jwt = options.jwt ? { ...options.jwt, revocations } : null;
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  const socketLimits = { ...DEFAULT_SOCKET_LIMITS, maxMessageBytes: options.maxBodyBytes, ...options.sockets };
  const subgraphFetch = createSubgraphFetcher(options.subgraphTimeoutMs, budget.maxResponseBytes);
  const createDataSource = (name: string, url: string) =>
    new ForwardingDataSource(name, options.subgraphSigningSecret, { url: options.subgraphUrls[name.toLowerCase()] ?? url, fetcher: tracedFetcher(name, subgraphFetch.fetcher) });
  let update: ((sdl: string) => void) | null = null;
  // @apollo/gateway refuses supergraphs with the authorization features: it gets them without,
  // and the authorizer enforces them (docs/authorization.md).
  const authorizer = new Authorizer();
  // GATEWAY_EXECUTOR=floorgraph (the default): the project's executor runs the plans in @apollo/gateway's place.
  const floorgraph = (options.executor ?? "floorgraph") === "floorgraph"
    ? new FloorgraphExecution({
        subgraphUrls: options.subgraphUrls,
        signingSecret: options.subgraphSigningSecret,
        timeoutMs: options.subgraphTimeoutMs,
        maxResponseBytes: budget.maxResponseBytes,
        ...(options.executorDedup ? { dedup: options.executorDedup } : {}),
        logger: logger.child({ component: "executor" }),
      })
    : null;
  const gateway = new BudgetedGateway(
    {
      supergraphSdl: async (hooks) => {
        update = hooks.update;
        return { supergraphSdl: authorizer.prepare(supergraphSdl) };
      },
      logger,
      buildService: ({ name, url }) => createDataSource(name, url ?? ""),
    },
    budget,
    floorgraph?.executor,
  );
  const app = express();
  app.disable("x-powered-by");
  // No ETag: express would hash every GraphQL answer (POSTs are never revalidated), a cost per request.
  app.set("etag", false);
  const httpServer = createServer(app);
  // Idle keep-alive connections are closed by the client's side first (Node's fetch: after 4 s), never
  // by the gateway just as a client reuses one (an ECONNRESET seen under load with the 5 s default).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  // One REDIS_URL: revocations above, rate limits and persisted queries here.
  const accessLogger = logger.child({ component: "access" });
  const access = await createAccessControl({ ...DEFAULT_ACCESS, ...options.access }, { redisUrl: options.redisUrl ?? null }, accessLogger);
  const { production, rateLimits } = access.settings;
  const cost = options.costBudgets === null ? null : new SupergraphCost(options.costBudgets ?? DEFAULT_COST_BUDGETS);
  // Partners' registered documents, looked up as the caller (so only its own partner's are found).
  const lookupDocument: DocumentLookup = async (hash, authorization, identity) => {
    const requestId = randomUUID();
    const response = await apollo.executeOperation<{ persistedOperation: { body: string } | null }>(
      { query: PERSISTED_OPERATION, variables: { hash } },
      { contextValue: { requestId, transport: "internal", logger: logger.child({ requestId }), forwarded: { authorization, "x-request-id": requestId }, identity } },
    );
    const result = response.body.kind === "single" ? response.body.singleResult : null;
    if (!result || result.errors?.length) throw new Error(`persistedOperation lookup failed: ${result?.errors?.map((e) => e.extensions?.code ?? e.message).join(", ")}`);
    return result.data?.persistedOperation?.body ?? null;
  };
  // The request pipeline every transport runs (docs/gateway-pipeline.md). Order matters: admission
  // runs authentication, trusted documents, then the rate limit (a refused key is not counted); the
  // operation hooks run demand control before the rate limit, which charges its estimate.
  const pipeline = createPipeline([
    useAuthentication(jwt, revocations),
    // Trusted documents are Floorgraph's (the users subgraph keeps them): only with its authentication.
    useTrustedDocuments(jwt ? lookupDocument : null, accessLogger),
    useOperationLimits(options.limits, production),
    ...(cost ? [useCost(cost)] : []),
    ...(production ? [useIntrospectionPolicy()] : []),
    ...(rateLimits ? [useRateLimit(access.limiter, rateLimits)] : []),
    useErrorMasking(logger),
  ]);
  const settings = options.subscriptions ?? DEFAULT_SUBSCRIPTIONS;
  const engine = new SubscriptionEngine({
    logger: logger.child({ component: "subscriptions" }),
    stateFields: new Set(settings.stateFields),
    clientBuffer: settings.clientBuffer,
    createDataSource,
    subgraphUrls: options.subgraphUrls,
    formatErrors: pipeline.formatErrors,
    validationRules: pipeline.validationRules,
    maskMessage: pipeline.maskMessage,
    maxTokens: pipeline.maxTokens,
    signingSecret: options.subgraphSigningSecret,
    admit: engineAdmission(pipeline),
    authorizer,
    ...(floorgraph ? { executor: () => floorgraph.engine } : {}),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    authorizer.schemaLoaded(apiSchema, coreSupergraphSdl);
    floorgraph?.load(coreSupergraphSdl);
    cost?.load(coreSupergraphSdl);
    engine.load(coreSupergraphSdl);
  });
  const reloadSupergraph = (sdl: string) => {
    if (!update) throw new Error("the gateway has not loaded its supergraph yet");
    update(authorizer.prepare(sdl));
  };
  if ("path" in options.supergraph) {
    const path = options.supergraph.path;
    watchFile(path, { interval: 1000 }, () => {
      try {
        reloadSupergraph(readFileSync(path, "utf8"));
      } catch (error) {
        logger.error({ err: error, path }, "reloading the supergraph failed; keeping the current one");
      }
    });
  }

  const apollo = new ApolloServer<GatewayContext>({
    gateway: authorizingGateway(gateway, authorizer),
    // Open in development; in production the access plugin allows it to staff and schema:read keys.
    introspection: true,
    // Automatic persisted queries (the dashboard's); partners' registered documents are put in place before.
    persistedQueries: access.persistedQueries,
    // Shutdown is the process's business (main.ts), in the order it chooses.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // graphql-js's token limit: an over-long operation fails its parse (GRAPHQL_PARSE_FAILED, 400).
    parseOptions: { maxTokens: pipeline.maxTokens },
    // Callers authenticate with an Authorization header only (no cookies), which a cross-site page
    // cannot make a browser send; so GET queries need no preflight header (GraphQL over HTTP).
    csrfPrevention: false,
    formatError: pipeline.formatError,
    validationRules: [...pipeline.validationRules],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      operationLogging(),
      graphqlTracing("gateway"),
      subscriptionsOverHttp(),
      // Authentication and admission ran before Apollo (httpPipeline, the transports); here the
      // operation hooks (demand control, introspection, the rate limit's cost) and the result hooks.
      apolloPipeline(pipeline),
      graphqlOverHttp(),
      ...pipeline.apolloPlugins,
    ],
  });
  await apollo.start();

  const runOperation: OperationRunner = async (request, caller, requestId, transport, admitted) => {
    const forwarded: Record<string, string> = {
      "x-request-id": requestId,
      [CLIENT_ADDRESS_HEADER]: caller.clientAddress ?? "unknown",
      ...(caller.scope.token ? { authorization: `Bearer ${caller.scope.token}` } : {}),
    };
    const response = await apollo.executeOperation(
      { query: print(request.document), operationName: request.operationName, variables: request.variables },
      { contextValue: { ...admitted, requestId, transport, logger: logger.child({ requestId }), forwarded, identity: caller.identity } },
    );
    if (response.body.kind !== "single") throw new Error("incremental delivery is not served over sockets");
    return response.body.singleResult as never;
  };
  const principals = new Counter(socketLimits.maxSubscriptionsPerPrincipal);
  const sockets = serveGatewaySockets({
    httpServer,
    path: "/graphql",
    engine,
    pipeline,
    logger,
    runOperation,
    limits: socketLimits,
    principals,
    trustProxyHeader: options.trustProxyHeader,
  });

  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  // Exactly /graphql: anything under it is an unknown path (404), not a GraphQL request.
  app.all(
    "/graphql",
    traceHttpRequests("gateway"),
    // Browser clients may read the rate-limit headers (a 429's Retry-After above all).
    cors({ origin: options.corsOrigins === "*" ? "*" : options.corsOrigins, maxAge: 600, exposedHeaders: ["RateLimit", "RateLimit-Policy", "Retry-After"] }),
    requireJsonBody,
    express.json({ limit: options.maxBodyBytes }),
    sseHandler({ engine, pipeline, runOperation, principals, trustProxyHeader: options.trustProxyHeader }),
    ...httpPipeline(pipeline, options.trustProxyHeader),
    expressMiddleware(apollo, { context: requestContext(logger, options.forwardHeaders, options.trustProxyHeader) }),
  );
  app.use(notFound);
  app.use(errorHandler(logger));

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
    reloadSupergraph,
    subscriptionStats: () => ({ ...engine.stats(), clientSockets: sockets.connections() }),
    async stop() {
      if (stopped) return;
      stopped = true;
      if ("path" in options.supergraph) unwatchFile(options.supergraph.path);
      // Sockets and streams first: the HTTP drain waits for every connection to close.
      await sockets.dispose();
      await engine.dispose();
      await apollo.stop();
      await subgraphFetch.close();
      await floorgraph?.close();
      await access.close();
      await ownRevocations?.close();
    },
  };
}

