import type { Server } from "node:http";
import { createRequire } from "node:module";
import { parse, type ExecutionResult, type GraphQLError, type GraphQLSchema } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { bearerToken, verifyToken, type Identity, type JwtSettings } from "@floorgraph/auth";
import { formatAnyError } from "@floorgraph/errors";
import { requestIdFrom, type Logger } from "@floorgraph/logger";
import { clientAddressOf, type RequestContext } from "./context.ts";
import { findUnstorableString, unstorableInput } from "./input-guard.ts";

/**
 * graphql-ws accepts onSubscribe's errors only as instances of the GraphQLError class it imported
 * itself: Node resolves its `import "graphql"` to graphql's CommonJS build, which a bundler (vitest)
 * may not give this module. Taking the class from Node's own resolution matches it either way.
 */
const { GraphQLError: NodeGraphQLError } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

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
}

/**
 * Serves the subgraph's operations (subscriptions above all) over graphql-ws on the HTTP server's
 * GraphQL path. The caller authenticates in connection_init with `{ authorization: "Bearer …" }`
 * (or the upgrade request's Authorization header): a bad token closes the socket with 4401, and the
 * socket is closed with 4401 when its token expires. A socket without a token is accepted; its
 * operations then fail UNAUTHENTICATED in the resolvers, as over HTTP.
 */
export function serveSubscriptions<Ctx extends RequestContext>(options: SubscriptionServerOptions<Ctx>): { dispose(): Promise<void> } {
  const { logger } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path });
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => formatAnyError(e, (internal) => logger.error({ err: internal }, "unhandled error in subscription")));

  const cleanup = useServer<Record<string, unknown> | undefined, { auth?: SocketAuth }>(
    {
      schema: options.schema,
      async onConnect(ctx) {
        const extra = ctx.extra as SocketExtra;
        const param = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const header = typeof param === "string" ? param : extra.request.headers.authorization;
        const fromParams = ctx.connectionParams?.["x-request-id"];
        const requestId = requestIdFrom(typeof fromParams === "string" ? fromParams : extra.request.headers["x-request-id"]);
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
      // The same refusal as inputGuard gives over HTTP, before the subscription's resolver runs.
      onSubscribe(_ctx, _id, payload) {
        let document;
        try {
          document = parse(payload.query);
        } catch {
          return undefined; // graphql-ws answers the syntax error itself
        }
        const found = findUnstorableString(document, payload.variables ?? undefined);
        if (!found) return undefined;
        const { message, extensions } = unstorableInput(found);
        return [new NodeGraphQLError(message, { extensions })];
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
