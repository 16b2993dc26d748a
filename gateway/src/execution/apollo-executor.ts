import type { ApolloGateway } from "@apollo/gateway";
import { CLIENT_ADDRESS_HEADER, SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";
import { operationSignal } from "../budget/operation-budget.ts";
import type { GatewayContext } from "../context.ts";
import { tracedExecution, tracedSubgraphRequest } from "../plugins/tracing.ts";
import { graphqlCjs } from "./graphql-cjs.ts";
import { createExecutor, type ExecutionOutcome, type Executor } from "./executor.ts";

type GatewayExecutor = NonNullable<Awaited<ReturnType<ApolloGateway["load"]>>["executor"]>;
type GatewayResult = Awaited<ReturnType<GatewayExecutor>>;

/** Which engine executes query plans: @apollo/gateway's, or the project's own (gateway/src/execution). */
export type ExecutorKind = "apollo" | "floorgraph";

export interface FloorgraphExecutionOptions {
  subgraphUrls: Record<string, string>;
  signingSecret: string;
  timeoutMs: number;
  /** The largest subgraph answer read (MAX_RESPONSE_BYTES), else RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  logger: Logger;
  dedup?: { subgraphFetches?: boolean; operations?: boolean };
}

/**
 * The project's executor in the place of @apollo/gateway's, as Apollo Server calls it: the same
 * request context (the document after authorization, its variables, the caller's context), so
 * everything around execution (the pipeline's hooks, authorization, the budget, error masking)
 * stays as it is. The executor is rebuilt when the supergraph changes; planning uses the same
 * @apollo/query-planner on the same (authorization-stripped) supergraph.
 */
export class FloorgraphExecution {
  private current: Executor<GatewayContext> | null = null;
  private sdl = "";

  constructor(private readonly options: FloorgraphExecutionOptions) {}

  /** The executor on the current supergraph (the subscription engine plans and runs events on it). */
  get engine(): Executor<GatewayContext> | null {
    return this.current;
  }

  /** Called with each supergraph @apollo/gateway loads (the one it plans with). */
  load(coreSupergraphSdl: string): void {
    // The same supergraph again keeps the executor (streams planned on it stay valid).
    if (this.current && coreSupergraphSdl === this.sdl) return;
    this.sdl = coreSupergraphSdl;
    const previous = this.current;
    const { options } = this;
    this.current = createExecutor<GatewayContext>({
      supergraphSdl: coreSupergraphSdl,
      subgraphUrls: options.subgraphUrls,
      fetch: { timeoutMs: options.timeoutMs, maxResponseBytes: options.maxResponseBytes },
      ...(options.dedup ? { dedup: options.dedup } : {}),
      // The caller's forwarded headers and the gateway's signature over the exact body sent.
      headers: (_subgraph, body, context) => ({ ...context?.forwarded, [SIGNATURE_HEADER]: signRequestBody(body, options.signingSecret) }),
      onInternalError: (error) => options.logger.error({ err: error }, "executor fault"),
      aroundFetch: tracedSubgraphRequest,
    });
    // Operations in flight on the previous executor finish on its pools before they close.
    if (previous) setTimeout(() => void previous.close(), 60_000).unref();
  }

  /** Replaces @apollo/gateway's executor (which is kept for nothing: plans are ours from here on). */
  readonly executor: GatewayExecutor = async (requestContext) => {
    const executor = this.current;
    if (!executor) throw new Error("the floorgraph executor has no supergraph yet");
    const context = requestContext.context as GatewayContext;
    const outcome = await tracedExecution(() => executor.execute({
      // Parsed and validated once, by Apollo Server (its document cache keeps the same object for a
      // text, so the executor's plan is found by identity); the text keys in-flight sharing.
      document: requestContext.document,
      validated: true,
      query: requestContext.source,
      operationName: requestContext.request.operationName ?? undefined,
      variables: requestContext.request.variables ?? undefined,
      context,
      scopeKey: scopeKey(context),
      // BudgetedGateway's: aborted at the deadline or when the HTTP client goes away.
      signal: operationSignal.getStore(),
    }));
    return toGatewayResult(outcome, context);
  };

  stats() {
    return this.current?.stats() ?? { subgraphRequests: 0, sharedSubgraphRequests: 0, sharedOperations: 0 };
  }

  async close(): Promise<void> {
    await this.current?.close();
    this.current = null;
  }
}

/**
 * Whose work may be shared (in-flight dedup): callers whose subgraph requests would carry the same
 * forwarded headers (the same token, language …) but the request id and the client address.
 */
function scopeKey(context: GatewayContext | undefined): string {
  const forwarded = context?.forwarded ?? {};
  let key = "";
  for (const name of Object.keys(forwarded).sort()) {
    if (name === "x-request-id" || name === CLIENT_ADDRESS_HEADER) continue;
    key += `${name}:${forwarded[name]}\n`;
  }
  return key;
}

/**
 * Apollo Server formats GraphQLErrors only (anything else is wrapped, losing its path), and the
 * class it checks is graphql's CommonJS build's, as @apollo/gateway's errors are.
 */
function toGatewayResult(outcome: ExecutionOutcome, context: GatewayContext | undefined): GatewayResult {
  const errors = toGraphQLErrors(outcome.errors, context);
  return { ...("data" in outcome ? { data: outcome.data } : {}), ...(errors?.length ? { errors } : {}) } as GatewayResult;
}

/** The executor's errors as GraphQLErrors (graphql's CommonJS build), an unreachable subgraph in the gateway's words. */
export function toGraphQLErrors(formatted: ExecutionOutcome["errors"], context: GatewayContext | undefined) {
  return formatted?.map((e) => {
    const subgraph = e.extensions?.serviceName;
    let message = e.message;
    // The executor's own "unreachable" (not a subgraph's own UNAVAILABLE error) in the gateway's
    // words, as remote-source.ts says it; the reason is logged.
    if (e.extensions?.code === "UNAVAILABLE" && typeof subgraph === "string" && e.message.startsWith(`Subgraph ${subgraph} is unavailable:`)) {
      context?.logger?.warn({ subgraph, reason: e.message }, "subgraph unreachable");
      message = `The ${subgraph} service is unavailable; try again shortly`;
    }
    const error = new graphqlCjs.GraphQLError(message, { path: e.path ?? undefined, extensions: e.extensions ?? {} });
    if (e.locations) Object.assign(error, { locations: e.locations });
    return error;
  });
}
