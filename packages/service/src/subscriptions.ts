import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { bearerToken, socketSignaturePayload, UNSIGNED_SOCKET_REASON, verifyRequestSignature, verifyToken, type Identity, type JwtSettings } from "@floorgraph/auth";
import { formatAnyError } from "@floorgraph/errors";
import { requestIdFrom, type Logger } from "@floorgraph/logger";
import { clientAddressOf, type RequestContext } from "./context.ts";
import { findUnstorableString, unstorableInput } from "./input-guard.ts";
import { operationLimitProtection } from "./operation-limits.ts";
import { peerSigner, type SubgraphProtection } from "./protection.ts";

// @apollo/subgraph is CommonJS and builds the schema with graphql's CommonJS build; graphql refuses a
// schema from the other build, and graphql-ws accepts onSubscribe's errors only as instances of the
// GraphQLError class it imported itself, so the operation checks use that build too.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

/** What the socket's connection_init established, kept for every operation on that socket. */
interface SocketAuth {
  identity: Identity | null;
  token: string | undefined;
  requestId: string;
  expiryTimer?: NodeJS.Timeout;
}
type SocketExtra = Extra & { auth?: SocketAuth };

export interface SubscriptionServerOptions<Ctx extends RequestContext> {
  httpServer: Server;
  schema: GraphQLSchema;
  path: string;
  jwt: JwtSettings;
  logger: Logger;
  extendContext: (base: RequestContext) => Ctx | Promise<Ctx>;
  protection: SubgraphProtection;
}

/**
 * Serves the subgraph's operations (subscriptions above all) over graphql-ws on the HTTP server's
 * GraphQL path. The caller authenticates in connection_init with `{ authorization: "Bearer …" }`
 * (or the upgrade request's Authorization header): a bad token closes the socket with 4401, and the
 * socket is closed with 4401 when its token expires. A socket without a token is accepted; its
 * operations then fail UNAUTHENTICATED in the resolvers, as over HTTP.
 *
 * Only the gateway may open one: connection_init must carry `signature`, the request-signature
 * header format over socketSignaturePayload(authorization) (see @floorgraph/auth), or the socket is
 * closed with 4401. It must come within `connectionInitWaitMs` (else 4408); messages are at most
 * `maxPayloadBytes` (else 1009), a socket runs at most `maxSubscriptionsPerSocket` operations, and
 * every operation meets the same limits as over HTTP (GRAPHQL_PARSE_FAILED / _VALIDATION_FAILED).
 */
export function serveSubscriptions<Ctx extends RequestContext>(options: SubscriptionServerOptions<Ctx>): { dispose(): Promise<void> } {
  const { logger, protection } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: protection.sockets.maxPayloadBytes });
  const rules = [...graphql.specifiedRules, ...operationLimitProtection(protection.limits).validationRules];
  const signPeerRequest = peerSigner(protection.signingSecrets);
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatAnyError(e, (internal) => logger.error({ err: internal }, "unhandled error in subscription")));

  const cleanup = useServer<Record<string, unknown> | undefined, { auth?: SocketAuth }>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: protection.sockets.connectionInitWaitMs,
      async onConnect(ctx) {
        const extra = ctx.extra as SocketExtra;
        const param = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const header = typeof param === "string" ? param : extra.request.headers.authorization;
        const fromParams = ctx.connectionParams?.["x-request-id"];
        const requestId = requestIdFrom(typeof fromParams === "string" ? fromParams : extra.request.headers["x-request-id"]);
        // The signature covers the authorization the socket will act with, wherever it came from.
        if (!verifyRequestSignature(ctx.connectionParams?.signature as string | undefined, socketSignaturePayload(typeof header === "string" ? header : undefined), protection.signingSecrets)) {
          logger.info({ requestId }, "subscription socket refused: not signed by the gateway");
          extra.socket.close(CloseCode.Unauthorized, UNSIGNED_SOCKET_REASON);
          return false;
        }
        try {
          const token = bearerToken(header);
          const identity = token ? await verifyToken(token, options.jwt) : null;
          extra.auth = { identity, token, requestId };
          if (identity?.expiresAt) {
            const ms = identity.expiresAt.getTime() - Date.now();
            extra.auth.expiryTimer = setTimeout(() => extra.socket.close(CloseCode.Unauthorized, "Unauthorized: the token expired"), Math.max(ms, 0));
            extra.auth.expiryTimer.unref();
          }
          return true;
        } catch (error) {
          logger.info({ requestId, reason: (error as Error).message }, "subscription socket refused");
          extra.socket.close(CloseCode.Unauthorized, `Unauthorized: ${(error as Error).message}`.slice(0, 120));
          return false;
        }
      },
      onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > protection.sockets.maxSubscriptionsPerSocket) {
          return [new graphql.GraphQLError(`At most ${protection.sockets.maxSubscriptionsPerSocket} operations may run on one socket`, { extensions: { code: "TOO_MANY_SUBSCRIPTIONS" } })];
        }
        let document: DocumentNode;
        try {
          document = graphql.parse(payload.query, { maxTokens: protection.limits.maxTokens });
        } catch (error) {
          return [new graphql.GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        // The same refusal as inputGuard gives over HTTP, before the subscription's resolver runs.
        const unstorable = findUnstorableString(document, payload.variables ?? undefined);
        if (unstorable) {
          const { message, extensions } = unstorableInput(unstorable);
          return [new graphql.GraphQLError(message, { extensions })];
        }
        const errors = graphql.validate(options.schema, document, rules);
        // As over HTTP (Apollo Server), every validation failure is GRAPHQL_VALIDATION_FAILED.
        if (errors.length) return errors.map((e) => new graphql.GraphQLError(e.message, { nodes: e.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onClose(ctx) {
        clearTimeout((ctx.extra as SocketExtra).auth?.expiryTimer);
      },
      async context(ctx) {
        const auth = (ctx.extra as SocketExtra).auth;
        const requestId = auth?.requestId ?? requestIdFrom(undefined);
        return options.extendContext({
          requestId,
          logger: logger.child({ requestId }),
          token: auth?.token,
          identity: auth?.identity ?? null,
          authError: null,
          clientAddress: clientAddressOf(ctx.extra.request.headers, ctx.extra.request.socket.remoteAddress),
          signPeerRequest,
        });
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        const r = result as ExecutionResult;
        return r.errors?.length ? { ...r, errors: format(r.errors) as unknown as GraphQLError[] } : r;
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
    },
    wss,
  );
  return {
    async dispose() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
