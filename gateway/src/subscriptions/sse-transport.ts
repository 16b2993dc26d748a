import type { RequestHandler } from "express";
import { getOperationAST, GraphQLError } from "graphql";
import { createHandler } from "graphql-sse/lib/use/express";
import type { Identity } from "@floorgraph/auth";
import { requestIdFrom } from "@floorgraph/logger";
import { clientAddress } from "../client-address.ts";
import type { GatewayContext } from "../context.ts";
import { prefersEventStream } from "../http/media.ts";
import type { Caller } from "../pipeline/caller.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import type { SubscriptionEngine } from "./engine.ts";
import { limitedSubscription, principalOf, type Counter } from "./limits.ts";
import type { OperationRunner } from "./ws-transport.ts";

interface OperationContext {
  caller: Caller;
  requestId: string;
  principal: string;
  admitted: Partial<GatewayContext>;
  [key: PropertyKey]: unknown;
}

const refuse = (status: number, message: string, code: string, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  [JSON.stringify({ errors: [{ message, extensions: { code, ...extensions } }] }), { status, statusText: code, headers: { "content-type": "application/json", ...headers } }] as const;

/**
 * GraphQL over Server-Sent Events (graphql-sse, "distinct connections" mode) at the GraphQL path,
 * for monitoring screens and tools that cannot open a WebSocket. A request is streamed back as
 * events when its Accept header prefers text/event-stream to JSON, or lists it and the operation is
 * a subscription; any other request (urql's default Accept lists all three types) is left to the
 * JSON transport. Each stream counts against its principal's subscriptions. The gateway's pipeline
 * authenticates the request's Authorization header (401 for a bad token) and admits each stream or
 * operation (rate limits, registered-only keys), answering a refusal with its status; the stream ends
 * when the token expires, or as soon as its user, session or API key is revoked.
 */
export function sseHandler(options: {
  engine: SubscriptionEngine;
  pipeline: Pipeline;
  runOperation: OperationRunner;
  principals: Counter;
  trustProxyHeader?: string | null;
}): RequestHandler {
  const { engine, pipeline } = options;
  const open = new Map<AsyncIterableIterator<unknown>, Identity>();
  pipeline.onRevoked((isRevoked) => {
    for (const [stream, identity] of open) if (isRevoked(identity)) void stream.return?.();
  });
  const handler = createHandler<OperationContext>({
    authenticate: () => null,
    // Validation is the pipeline's, as over graphql-ws: the engine validates subscriptions and Apollo
    // Server queries, with the gateway's limits, GRAPHQL_VALIDATION_FAILED and production's masking.
    // graphql-sse's own pass (the specification's rules only) would answer first, without a code.
    validate: () => [],
    async onSubscribe(req, params) {
      let caller: Caller;
      try {
        caller = await pipeline.authenticate(req.raw.headers.authorization, clientAddress(req.raw, options.trustProxyHeader));
      } catch (error) {
        return refuse(401, (error as Error).message, "UNAUTHENTICATED") as never;
      }
      // Rate limits and registered-only keys: each stream or operation counts as a request.
      const admission = await pipeline.admit(caller, "sse");
      if (admission.refusal) {
        const { error, status, headers } = admission.refusal;
        return refuse(status, error.message, error.extensions.code as string, { ...error.extensions }, headers) as never;
      }
      const schema = engine.schema;
      if (!schema) return refuse(503, "The gateway has no supergraph yet", "UNAVAILABLE") as never;
      const document = engine.parse(params.query as string);
      if (document instanceof GraphQLError) return refuse(400, document.message, "GRAPHQL_PARSE_FAILED") as never;
      const contextValue: OperationContext = { caller, requestId: requestIdFrom(req.raw.headers["x-request-id"]), principal: principalOf(caller, caller.clientAddress ?? "unknown"), admitted: admission.context };
      return { schema, document, operationName: params.operationName ?? null, variableValues: params.variables ?? {}, contextValue };
    },
    async subscribe(args) {
      const { caller, requestId, principal } = args.contextValue as OperationContext;
      const stream = await limitedSubscription([{ counter: options.principals, key: principal, what: "per user or client address" }], () =>
        engine.subscribe({ document: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown>, scope: caller.scope, identity: caller.identity, requestId, transport: "sse" }),
      );
      if (Symbol.asyncIterator in stream && Number.isFinite(caller.scope.expiresAt)) {
        setTimeout(() => void (stream as AsyncIterableIterator<unknown>).return?.(), Math.max(caller.scope.expiresAt - Date.now(), 0)).unref();
      }
      if (Symbol.asyncIterator in stream && caller.identity) track(stream as AsyncIterableIterator<unknown>, caller.identity);
      return stream as never;
    },
    execute(args) {
      const { caller, requestId, admitted } = args.contextValue as OperationContext;
      return options.runOperation({ document: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown> }, caller, requestId, "sse", admitted);
    },
  });
  // Known until the stream ends (by the client leaving, its expiry or a revocation).
  function track(stream: AsyncIterableIterator<unknown>, identity: Identity) {
    open.set(stream, identity);
    const end = stream.return?.bind(stream);
    stream.return = (value?: unknown) => {
      open.delete(stream);
      return end ? end(value) : Promise.resolve({ done: true, value: undefined });
    };
  }
  /** The request's operation is a subscription (an unparsable one is left to the JSON transport to refuse). */
  const isSubscription = (params: { query?: unknown; operationName?: unknown } | undefined) => {
    if (typeof params?.query !== "string") return false;
    const document = engine.parse(params.query);
    if (document instanceof GraphQLError) return false;
    const name = typeof params.operationName === "string" ? params.operationName : undefined;
    return getOperationAST(document, name)?.operation === "subscription";
  };
  return (req, res, next) => {
    const accept = req.headers.accept;
    if (!accept?.includes("text/event-stream")) return next();
    const params = (req.method === "GET" ? req.query : req.body) as { query?: unknown; operationName?: unknown } | undefined;
    if (!prefersEventStream(accept) && !isSubscription(params)) return next();
    // graphql-sse streams only for an Accept of exactly text/event-stream (its own "TODO").
    req.headers.accept = "text/event-stream";
    handler(req, res).catch((error: unknown) => next(error instanceof GraphQLError ? error : (error as Error)));
  };
}
