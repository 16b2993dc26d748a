import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import type { GraphQLFormattedError, ValidationRule } from "graphql";
import { revokes, type Identity } from "@floorgraph/auth";
import type { GatewayContext } from "../context.ts";
import type { Admission, Caller, GatewayPlugin, OperationEvent, ResultEvent, Transport } from "./types.ts";

/**
 * The gateway's request pipeline: its plugins' hooks, combined once, for every transport to run.
 * Transports differ only in how they render a refusal (an HTTP status, a socket's error result, a
 * stream's status) and in what lives as long as a connection (socket expiry, subscription counts).
 */
export interface Pipeline {
  /** Who is calling; throws a DomainError UNAUTHENTICATED for a bad, expired or revoked token. */
  authenticate(authorization: string | undefined, clientAddress: string | undefined): Promise<Caller>;
  /** Listens for revocations: `listener` is given a test of whether an identity is now revoked. */
  onRevoked(listener: (isRevoked: (identity: Identity) => boolean) => void): () => void;
  /** Admits one request or operation (counted, registered-only keys, revoked since connecting). */
  admit(caller: Caller, transport: Transport): Promise<Admission>;
  /** Checks a parsed, validated operation; rejects with the refusal's GraphQLError. */
  operation(event: OperationEvent): Promise<void>;
  result(event: ResultEvent): void;
  validationRules: readonly ValidationRule[];
  /** Every plugin's maskMessage, in turn. */
  maskMessage(message: string): string;
  maxTokens: number | undefined;
  apolloPlugins: ApolloServerPlugin<GatewayContext>[];
  httpHandlers: RequestHandler[];
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  formatErrors(errors: readonly unknown[]): GraphQLFormattedError[];
  plugins: readonly GatewayPlugin[];
}

const ANONYMOUS: Omit<Caller, "clientAddress"> = { identity: null, scope: { key: "anonymous", token: undefined, expiresAt: Number.POSITIVE_INFINITY } };

export function createPipeline(plugins: readonly GatewayPlugin[]): Pipeline {
  const one = <K extends keyof GatewayPlugin>(key: K) => {
    const found = plugins.filter((p) => p[key] !== undefined);
    if (found.length > 1) throw new Error(`only one pipeline plugin may provide ${key}: ${found.map((p) => p.name).join(", ")}`);
    return found[0];
  };
  const authentication = one("authenticate");
  const masking = one("formatError");
  const streamMasking = one("formatErrors");
  const limits = one("maxTokens");
  const revocations = plugins.map((p) => p.revocations).find((r) => r);
  return {
    plugins,
    async authenticate(authorization, clientAddress) {
      const caller = authentication?.authenticate ? await authentication.authenticate(authorization) : ANONYMOUS;
      return { ...caller, clientAddress };
    },
    onRevoked(listener) {
      return revocations?.onRevoked((revocation) => listener((identity) => revokes(revocation, identity))) ?? (() => undefined);
    },
    async admit(caller, transport) {
      const headers: Record<string, string> = {};
      const context: Partial<GatewayContext> = {};
      for (const plugin of plugins) {
        const admission = await plugin.onRequest?.(caller, transport);
        if (!admission) continue;
        if (admission.refusal) return admission;
        Object.assign(headers, admission.headers);
        Object.assign(context, admission.context);
      }
      return { headers, context };
    },
    async operation(event) {
      for (const plugin of plugins) await plugin.onOperation?.(event);
    },
    result(event) {
      for (const plugin of plugins) plugin.onResult?.(event);
    },
    validationRules: plugins.flatMap((p) => p.validationRules ?? []),
    maskMessage: (message) => plugins.reduce((text, p) => (p.maskMessage ? p.maskMessage(text) : text), message),
    maxTokens: limits?.maxTokens,
    apolloPlugins: plugins.flatMap((p) => p.apolloPlugins ?? []),
    httpHandlers: plugins.flatMap((p) => p.httpHandlers ?? []),
    formatError: (formatted, error) => (masking?.formatError ? masking.formatError(formatted, error) : formatted),
    formatErrors: (errors) => (streamMasking?.formatErrors ? streamMasking.formatErrors(errors) : (errors as GraphQLFormattedError[])),
  };
}
