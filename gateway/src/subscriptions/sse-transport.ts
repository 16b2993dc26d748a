import type { RequestHandler } from "express";
import { GraphQLError } from "graphql";
import { createHandler } from "graphql-sse/lib/use/express";
import { requestIdFrom } from "@floorgraph/logger";
import { resolveCaller, type Caller } from "./caller.ts";
import type { SubscriptionEngine } from "./engine.ts";
import type { OperationRunner } from "./ws-transport.ts";

interface OperationContext {
  caller: Caller;
  requestId: string;
  [key: PropertyKey]: unknown;
}

const refuse = (status: number, message: string, code: string) =>
  [JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status, statusText: code, headers: { "content-type": "application/json" } }] as const;

/**
 * GraphQL over Server-Sent Events (graphql-sse, "distinct connections" mode) at the GraphQL path,
 * for monitoring screens and tools that cannot open a WebSocket: a request that accepts
 * text/event-stream is a subscription (or operation) streamed back as events. Authentication is the
 * HTTP request's Authorization header, with the HTTP rules (401 for a bad token); the stream ends
 * when the token expires.
 */
export function sseHandler(options: { engine: SubscriptionEngine; jwt: { secret: string } | null; runOperation: OperationRunner }): RequestHandler {
  const { engine } = options;
  const handler = createHandler<OperationContext>({
    authenticate: () => null,
    async onSubscribe(req, params) {
      let caller: Caller;
      try {
        caller = await resolveCaller(req.raw.headers.authorization, options.jwt);
      } catch (error) {
        return refuse(401, (error as Error).message, "UNAUTHENTICATED") as never;
      }
      const schema = engine.schema;
      if (!schema) return refuse(503, "The gateway has no supergraph yet", "UNAVAILABLE") as never;
      const document = engine.parse(params.query as string);
      if (document instanceof GraphQLError) return refuse(400, document.message, "GRAPHQL_PARSE_FAILED") as never;
      const contextValue: OperationContext = { caller, requestId: requestIdFrom(req.raw.headers["x-request-id"]) };
      return { schema, document, operationName: params.operationName ?? null, variableValues: params.variables ?? {}, contextValue };
    },
    subscribe(args) {
      const { caller, requestId } = args.contextValue as OperationContext;
      const stream = engine.subscribe({ document: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown>, scope: caller.scope, identity: caller.identity, requestId });
      if (Symbol.asyncIterator in stream && Number.isFinite(caller.scope.expiresAt)) {
        setTimeout(() => void (stream as AsyncIterableIterator<unknown>).return?.(), Math.max(caller.scope.expiresAt - Date.now(), 0)).unref();
      }
      return stream as never;
    },
    execute(args) {
      const { caller, requestId } = args.contextValue as OperationContext;
      return options.runOperation({ document: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown> }, caller, requestId);
    },
  });
  return (req, res, next) => {
    if (!req.headers.accept?.includes("text/event-stream")) return next();
    handler(req, res).catch((error: unknown) => next(error instanceof GraphQLError ? error : (error as Error)));
  };
}
