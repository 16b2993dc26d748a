import type { Server } from "node:http";
import { GraphQLError, parse, type DocumentNode, type ExecutionResult } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { requestIdFrom, type Logger } from "@floorgraph/logger";
import { resolveCaller, type Caller } from "./caller.ts";
import type { SubscriptionEngine } from "./engine.ts";

/** Runs a query or mutation sent over a socket the way HTTP requests run (through Apollo Server). */
export type OperationRunner = (request: { document: DocumentNode; operationName?: string; variables: Record<string, unknown> }, caller: Caller, requestId: string) => Promise<ExecutionResult>;

type SocketExtra = Extra & { caller?: Caller; requestId?: string; expiry?: NodeJS.Timeout };
interface OperationContext {
  caller: Caller;
  requestId: string;
  /** Why the operation cannot run (unparsable, no supergraph): answered as its result. */
  refusal?: GraphQLError;
}

// graphql-ws accepts errors from onSubscribe only as instances of its own graphql build's
// GraphQLError; a refusal therefore travels as the result of this stand-in operation instead.
const REFUSED = parse("subscription { __typename }");

/**
 * graphql-ws on the gateway's HTTP port and path. The caller authenticates in connection_init
 * (`{ authorization: "Bearer …" }`, or the upgrade request's header) with the same rules as HTTP:
 * with authentication configured, a bad token closes the socket with 4401 and an expiring one closes
 * it with 4401 when it expires. Subscriptions run on the engine; queries and mutations on Apollo.
 */
export function serveGatewaySockets(options: {
  httpServer: Server;
  path: string;
  engine: SubscriptionEngine;
  jwt: { secret: string } | null;
  logger: Logger;
  runOperation: OperationRunner;
}): { dispose(): Promise<void>; connections(): number } {
  const { engine, logger } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path });
  const cleanup = useServer<Record<string, unknown> | undefined, { caller?: Caller }>(
    {
      async onConnect(ctx) {
        const extra = ctx.extra as SocketExtra;
        const param = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const authorization = typeof param === "string" ? param : extra.request.headers.authorization;
        const fromParams = ctx.connectionParams?.["x-request-id"];
        extra.requestId = requestIdFrom(typeof fromParams === "string" ? fromParams : extra.request.headers["x-request-id"]);
        try {
          extra.caller = await resolveCaller(authorization, options.jwt);
        } catch (error) {
          extra.socket.close(CloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
        const expiresAt = extra.caller.scope.expiresAt;
        if (Number.isFinite(expiresAt)) {
          extra.expiry = setTimeout(() => extra.socket.close(CloseCode.Unauthorized, "Unauthorized: the token expired"), Math.max(expiresAt - Date.now(), 0));
          extra.expiry.unref();
        }
        return true;
      },
      onClose: (ctx) => clearTimeout((ctx.extra as SocketExtra).expiry),
      onSubscribe(ctx, _id, payload) {
        const extra = ctx.extra as SocketExtra;
        const contextValue: OperationContext = { caller: extra.caller as Caller, requestId: extra.requestId as string };
        const schema = engine.schema;
        const document = schema ? engine.parse(payload.query) : new GraphQLError("The gateway has no supergraph yet", { extensions: { code: "UNAVAILABLE" } });
        if (!schema || document instanceof GraphQLError) return { schema: schema as never, document: REFUSED, contextValue: { ...contextValue, refusal: document as GraphQLError } };
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? {}, contextValue };
      },
      subscribe: (args) => {
        const { caller, requestId, refusal } = args.contextValue as OperationContext;
        if (refusal) return { errors: [refusal] } as never;
        return engine.subscribe({
          document: args.document,
          operationName: args.operationName ?? undefined,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          scope: caller.scope,
          identity: caller.identity,
          requestId,
        }) as never;
      },
      execute: (args) => {
        const { caller, requestId } = args.contextValue as OperationContext;
        return options.runOperation(
          { document: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown> },
          caller,
          requestId,
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
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
