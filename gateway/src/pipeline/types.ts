import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import type { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema, ValidationRule } from "graphql";
import type { Identity, RevocationList } from "@floorgraph/auth";
import type { GatewayContext, Transport } from "../context.ts";

export type { Transport };
import type { Caller } from "./caller.ts";

export type { Caller } from "./caller.ts";


/** A refusal before any operation runs: the error, and the HTTP status and headers where the transport has them. */
export interface Refusal {
  error: GraphQLError;
  status: number;
  headers: Record<string, string>;
}

/** What admitting a request gives: a refusal, or headers for the response and additions to the operation's context. */
export type Admission = { refusal: Refusal } | { refusal?: undefined; headers: Record<string, string>; context: Partial<GatewayContext> };

/**
 * One operation, parsed and validated, before it is planned or run. `context` is the operation's
 * (Apollo's contextValue over HTTP and for socket queries; the stream's own for subscriptions):
 * hooks read the caller from it and may leave notes for later hooks (the cost estimate).
 */
export interface OperationEvent {
  transport: Transport | "internal";
  kind: "query" | "mutation" | "subscription";
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  context: Pick<GatewayContext, "identity" | "rateAccount" | "cost">;
}

/** A result about to be sent (HTTP and socket queries: the single result; subscriptions have no such hook). */
export interface ResultEvent extends OperationEvent {
  result: { data?: Record<string, unknown> | null; errors?: readonly unknown[]; extensions?: Record<string, unknown> };
  setHeader(name: string, value: string): void;
}

/**
 * One concern of the request pipeline (use-*.ts), run by every transport: the Apollo Server adapter
 * (HTTP, and queries and mutations over sockets) and the subscription transports (graphql-ws,
 * graphql-sse). Each hook is optional; the pipeline runs the hooks of its plugins in list order.
 */
export interface GatewayPlugin {
  name: string;
  /** Who is calling, from the Authorization value (one plugin: authentication); throws a DomainError UNAUTHENTICATED. */
  authenticate?(authorization: string | undefined): Promise<Omit<Caller, "clientAddress">>;
  /** Calls `listener` when a token is revoked, so transports end its sockets and streams at once. */
  revocations?: RevocationList | null;
  /** Every request (HTTP) or operation (a socket's or a stream's), before it is parsed. */
  onRequest?(caller: Caller, transport: Transport): Promise<Admission | null> | Admission | null;
  /** HTTP only, after onRequest: handlers that may rewrite the body (trusted documents) or answer it. */
  httpHandlers?: RequestHandler[];
  /** Validation rules and the parser's token limit, for Apollo Server and the subscription engine alike. */
  validationRules?: readonly ValidationRule[];
  maxTokens?: number;
  /** Rewrites an error's message before it is sent (production hides field suggestions); applied to every transport's errors. */
  maskMessage?(message: string): string;
  /** Apollo Server plugins a library brings along (graphql-armor's); HTTP and socket queries only. */
  apolloPlugins?: ApolloServerPlugin<GatewayContext>[];
  /** After validation, before planning: throw a GraphQLError (with its code) to refuse the operation. */
  onOperation?(event: OperationEvent): Promise<void> | void;
  /** A single result before it is sent (extensions, headers). */
  onResult?(event: ResultEvent): void;
  /** Masks an error for the client (one plugin: error masking). */
  formatError?(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** Masks a stream's errors (subscription events). */
  formatErrors?(errors: readonly unknown[]): GraphQLFormattedError[];
}

export type { Identity };
