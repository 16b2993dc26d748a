import type { Server } from "node:http";
import { GraphQLError, parse, type DocumentNode, type ExecutionResult } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { LimitCode } from "@floorgraph/errors";
import { requestIdFrom, type Logger } from "@floorgraph/logger";
import { clientAddress } from "../client-address.ts";
import type { GatewayContext } from "../context.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import type { Caller } from "../pipeline/caller.ts";
import type { SubscriptionEngine } from "./engine.ts";
import { Counter, limitedSubscription, principalOf, type SocketLimits } from "./limits.ts";

/** Runs a query or mutation sent over a socket the way HTTP requests run (through Apollo Server). */
export type OperationRunner = (
  request: { document: DocumentNode; operationName?: string; variables: Record<string, unknown> },
  caller: Caller,
  requestId: string,
  transport: "ws" | "sse",
  /** What the pipeline's admission added to the operation's context (whose rate budget it spends). */
  admitted: Partial<GatewayContext>,
) => Promise<ExecutionResult>;

type SocketExtra = Extra & { caller?: Caller; requestId?: string; expiry?: NodeJS.Timeout; socketKey?: string; principal?: string };
interface OperationContext {
  caller: Caller;
  requestId: string;
  socketKey: string;
  principal: string;
  admitted: Partial<GatewayContext>;
  /** Why the operation cannot run (unparsable, no supergraph): answered as its result. */
  refusal?: GraphQLError;
}

// graphql-ws accepts errors from onSubscribe only as instances of its own graphql build's
// GraphQLError; a refusal therefore travels as the result of this stand-in operation instead.
const REFUSED = parse("subscription { __typename }");

/**
 * graphql-ws on the gateway's HTTP port and path, running the gateway's pipeline: the caller
 * authenticates in connection_init (`{ authorization: "Bearer …" }`, or the upgrade request's header)
 * through it: a bad token closes the socket with 4401 and an expiring one closes it with 4401 when it
 * expires, or as soon as its user, session or API key is revoked. Every operation is admitted by the
 * pipeline (rate limits, registered-only keys) and refused with the pipeline's error as its result.
 * Subscriptions run on the engine (which runs the pipeline's operation hooks); queries and mutations
 * on Apollo Server (which runs them too).
 *
 * Limits (SocketLimits): a message over maxMessageBytes closes the socket with 1009 before it is
 * read as JSON (ws's maxPayload); a socket without connection_init in time is closed with 4408; an
 * upgrade from an address that already holds maxSocketsPerAddress sockets is refused with HTTP 429
 * (no socket is opened); a subscription over the per-socket or per-principal count is answered with
 * a TOO_MANY_SUBSCRIPTIONS error and the socket stays open.
 */
export function serveGatewaySockets(options: {
  httpServer: Server;
  path: string;
  engine: SubscriptionEngine;
  pipeline: Pipeline;
  logger: Logger;
  runOperation: OperationRunner;
  limits: SocketLimits;
  /** Subscriptions per principal, shared with the SSE transport. */
  principals: Counter;
  trustProxyHeader?: string | null;
}): { dispose(): Promise<void>; connections(): number } {
  const { engine, logger, limits, pipeline } = options;
  const perAddress = new Counter(limits.maxSocketsPerAddress);
  const perSocket = new Counter(limits.maxSubscriptionsPerSocket);
  let sockets = 0;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: limits.maxMessageBytes,
    // Counted from the upgrade until its TCP socket closes, so the count cannot leak.
    verifyClient: ({ req }, done) => {
      const release = perAddress.acquire(clientAddress(req, options.trustProxyHeader));
      if (!release) {
        const body = JSON.stringify({ errors: [{ message: `At most ${limits.maxSocketsPerAddress} sockets may be open from one address`, extensions: { code: LimitCode.TOO_MANY_REQUESTS } }] });
        return done(false, 429, body, { "content-type": "application/json; charset=utf-8" });
      }
      req.socket.once("close", release);
      done(true);
    },
  });
  wss.on("connection", (socket) => quietOversizeErrors(socket, logger));
  // Authenticated sockets, so that a revocation closes the ones it concerns at once.
  const authenticated = new Set<SocketExtra>();
  const stopListening = pipeline.onRevoked((isRevoked) => {
    for (const extra of authenticated) {
      const identity = extra.caller?.identity;
      if (identity && isRevoked(identity)) {
        authenticated.delete(extra);
        extra.socket.close(CloseCode.Unauthorized, "Unauthorized: the token was revoked");
      }
    }
  });
  const cleanup = useServer<Record<string, unknown> | undefined, { caller?: Caller }>(
    {
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      async onConnect(ctx) {
        const extra = ctx.extra as SocketExtra;
        extra.socketKey = String(++sockets);
        const param = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const authorization = typeof param === "string" ? param : extra.request.headers.authorization;
        const fromParams = ctx.connectionParams?.["x-request-id"];
        extra.requestId = requestIdFrom(typeof fromParams === "string" ? fromParams : extra.request.headers["x-request-id"]);
        try {
          const address = clientAddress(extra.request, options.trustProxyHeader);
          extra.caller = await pipeline.authenticate(authorization, address);
          extra.principal = principalOf(extra.caller, address);
        } catch (error) {
          extra.socket.close(CloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
        const expiresAt = extra.caller.scope.expiresAt;
        if (Number.isFinite(expiresAt)) {
          extra.expiry = setTimeout(() => extra.socket.close(CloseCode.Unauthorized, "Unauthorized: the token expired"), Math.max(expiresAt - Date.now(), 0));
          extra.expiry.unref();
        }
        if (extra.caller.identity) authenticated.add(extra);
        return true;
      },
      onClose: (ctx) => {
        clearTimeout((ctx.extra as SocketExtra).expiry);
        authenticated.delete(ctx.extra as SocketExtra);
      },
      async onSubscribe(ctx, _id, payload) {
        const extra = ctx.extra as SocketExtra;
        const contextValue: OperationContext = {
          caller: extra.caller as Caller,
          requestId: extra.requestId as string,
          socketKey: extra.socketKey as string,
          principal: extra.principal as string,
          admitted: {},
        };
        const admission = await pipeline.admit(contextValue.caller, "ws");
        if (admission.refusal) return { schema: engine.schema as never, document: REFUSED, contextValue: { ...contextValue, refusal: admission.refusal.error } };
        contextValue.admitted = admission.context;
        const schema = engine.schema;
        const document = schema ? engine.parse(payload.query) : new GraphQLError("The gateway has no supergraph yet", { extensions: { code: "UNAVAILABLE" } });
        if (!schema || document instanceof GraphQLError) return { schema: schema as never, document: REFUSED, contextValue: { ...contextValue, refusal: document as GraphQLError } };
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? {}, contextValue };
      },
      subscribe: (args) => {
        const { caller, requestId, refusal, socketKey, principal } = args.contextValue as OperationContext;
        if (refusal) return { errors: [refusal] } as never;
        const slots = [
          { counter: perSocket, key: socketKey, what: "on one socket" },
          { counter: options.principals, key: principal, what: "per user or client address" },
        ];
        return limitedSubscription(slots, () =>
          engine.subscribe({
            document: args.document,
            operationName: args.operationName ?? undefined,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            scope: caller.scope,
            identity: caller.identity,
            requestId,
            transport: "ws",
          }),
        ) as never;
      },
      execute: (args) => {
        const { caller, requestId, admitted } = args.contextValue as OperationContext;
        return options.runOperation(
          { document: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown> },
          caller,
          requestId,
          "ws",
          admitted,
        );
      },
      // Stream results carry errors already formatted (plain objects); send them as they are.
      onNext: (_ctx, _id, _payload, _args, result) => result as never,
      onError: (_ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((e) => e.message) }, "socket operation refused");
      },
    },
    wss,
  );
  return {
    connections: () => wss.clients.size,
    async dispose() {
      stopListening();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * ws closes a socket whose message is over maxPayload with 1009 and then emits the error, which
 * graphql-ws's listener prints with console.error as an "internal error". A client's oversize
 * message is the client's mistake: logged at info here and not passed on (the close happens anyway).
 */
function quietOversizeErrors(socket: WebSocket, logger: Logger): void {
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === "error" && (args[0] as { code?: unknown } | undefined)?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
      logger.info({ closeCode: 1009 }, "socket closed: message over MAX_SOCKET_MESSAGE_BYTES");
      return true;
    }
    return emit(event, ...args);
  }) as WebSocket["emit"];
}
