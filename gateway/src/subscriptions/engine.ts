import { createHash } from "node:crypto";
import type { GraphQLDataSource } from "@apollo/gateway";
import { GraphQLError, Kind, parse, print, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from "graphql";
import type { Identity } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";
import { CoalescingQueue } from "@floorgraph/streams";
import type { AuthorizedOperation, Authorizer } from "../authorization/index.ts";
import type { GatewayContext } from "../context.ts";
import type { Executor } from "../execution/executor.ts";
import { SharedStream, type Member, type StreamRequest } from "./shared-stream.ts";
import { SupergraphState, type SubscriptionPlan } from "./supergraph-state.ts";
import { UpstreamPool, type CallerScope } from "./upstream-pool.ts";

export interface SubscriptionEngineOptions {
  logger: Logger;
  /** Root fields whose events are states: a slow client gets the latest state per entity id. */
  stateFields: ReadonlySet<string>;
  /** Events any other stream may fall behind before it is closed with an error. */
  clientBuffer: number;
  /** The data source for a subgraph (the same kind the gateway queries with). */
  createDataSource(name: string, url: string): GraphQLDataSource<GatewayContext>;
  /** SUBGRAPH_<NAME>_URL overrides, by lower-case name. */
  subgraphUrls: Record<string, string>;
  formatErrors(errors: readonly unknown[]): GraphQLFormattedError[];
  /** Validation rules beyond the specification's (the gateway's operation limits). */
  validationRules?: readonly ValidationRule[];
  /** Rewrites a refusal's message (the pipeline's: production hides field suggestions). */
  maskMessage?(message: string): string;
  /** The most tokens an operation may have (the gateway's MAX_TOKENS). */
  maxTokens?: number;
  /**
   * The gateway's pipeline, once the subscription is validated and before it is planned further or
   * opened upstream (demand control among others): a GraphQLError, or a promise of one, refuses it.
   */
  admit?(schema: GraphQLSchema, request: SubscribeRequest): unknown;
  /** Signs the connection_init of every socket to a subgraph (subgraphs refuse unsigned sockets). */
  signingSecret: string;
  /** The supergraph's authorization: a caller's unauthorised fields are removed before planning. */
  authorizer?: Authorizer;
  /**
   * The floorgraph executor on the current supergraph (GATEWAY_EXECUTOR=floorgraph; loaded before
   * load() is called): it plans subscriptions and runs each event. Absent: @apollo/gateway's executeQueryPlan.
   */
  executor?: () => Executor<GatewayContext> | null;
}

export interface SubscribeRequest extends StreamRequest {
  scope: CallerScope;
  /** The verified caller (null: anonymous, or no edge authentication configured). */
  identity?: Identity | null;
  /** How the subscription arrived (for the pipeline's hooks). */
  transport?: "ws" | "sse";
}

interface StreamEntry {
  stream: SharedStream;
  request: StreamRequest;
  identity: Identity | null;
  /** The operation as authorised for the stream's callers (printed), to notice when a new supergraph changes it. */
  authorized: string;
}

const rootField = (plan: SubscriptionPlan) => {
  const first = plan.operationContext.operation.selectionSet.selections[0];
  return first?.kind === Kind.FIELD ? { name: first.name.value, responseKey: first.alias?.value ?? first.name.value } : null;
};

/**
 * Executes federated subscriptions, which @apollo/gateway plans but will not run: the primary fetch
 * becomes a graphql-ws subscription to the owning subgraph and every event runs the rest of the plan
 * (see SharedStream). Clients that send the same operation with the same variables and caller scope
 * share one stream; each client has its own bounded queue.
 */
export class SubscriptionEngine {
  private state: SupergraphState | null = null;
  private readonly streams = new Map<string, StreamEntry>();
  private readonly pool: UpstreamPool;
  private readonly dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  private clients = 0;

  constructor(private readonly options: SubscriptionEngineOptions) {
    this.pool = new UpstreamPool(options.logger, options.signingSecret);
  }

  /** The API schema subscriptions are validated against (null before the first supergraph). */
  get schema() {
    return this.state?.schema ?? null;
  }

  /** Parses a subscription's text under the gateway's token limit; a GRAPHQL_PARSE_FAILED error otherwise. */
  parse(query: string): DocumentNode | GraphQLError {
    try {
      return parse(query, this.options.maxTokens ? { maxTokens: this.options.maxTokens } : {});
    } catch (error) {
      return new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    }
  }

  /** A supergraph was loaded: streams whose operation is still valid carry on, the others end with an error. */
  load(sdl: string): void {
    if (this.state?.sdl === sdl) return;
    const next = new SupergraphState(sdl, this.options.validationRules, this.options.executor?.() ?? null);
    this.state = next;
    for (const [key, { stream, request, identity, authorized }] of this.streams) {
      const auth = this.authorization(next, request, identity);
      let plan = next.plan(request.document, request.operationName, auth.filter);
      // Members complete their events by the authorisation they joined with: a change to it ends the stream.
      if (!Array.isArray(plan) && auth.printed() !== authorized) plan = [new GraphQLError("what this caller may read changed")];
      if (Array.isArray(plan)) {
        this.options.logger.info({ key, errors: plan.map((e) => e.message) }, "subscription ended by a supergraph change");
        stream.fail(
          plan.map((e) => ({ message: `The supergraph changed and this subscription is no longer valid: ${e.message}`, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })),
        );
      } else stream.replan(plan as SubscriptionPlan, next);
    }
  }

  async subscribe(request: SubscribeRequest): Promise<AsyncIterableIterator<FormattedExecutionResult> | ExecutionResult> {
    const state = this.state;
    if (!state) return { errors: [new GraphQLError("The gateway has no supergraph yet", { extensions: { code: "UNAVAILABLE" } })] };
    const identity = request.identity ?? null;
    const auth = this.authorization(state, request, identity);
    const planned = state.plan(request.document, request.operationName, auth.filter);
    if (Array.isArray(planned)) {
      const mask = this.options.maskMessage ?? ((message: string) => message);
      return { errors: planned.map((e) => new GraphQLError(mask(e.message), { nodes: e.nodes, path: e.path, extensions: e.extensions?.code ? e.extensions : { code: "GRAPHQL_VALIDATION_FAILED" } })) };
    }
    const refusal = await this.options.admit?.(state.schema, request);
    if (refusal instanceof GraphQLError) {
      // The HTTP status hint is Apollo Server's business; a stream's error has no status.
      const { http: _http, ...extensions } = refusal.extensions;
      return { errors: [new GraphQLError(refusal.message, { extensions })] };
    }
    // A supergraph loaded while the pipeline ran: start over on it, so the stream is one load() knows.
    if (this.state !== state) return this.subscribe(request);
    const plan = planned as SubscriptionPlan;
    const authorized = auth.result;
    const root = rootField(plan);
    const isState = root !== null && this.options.stateFields.has(root.name);
    const key = createHash("sha256")
      .update(print(request.document))
      .update(`#${request.operationName ?? ""}#${JSON.stringify(request.variables)}#${request.scope.key}`)
      .digest("hex");
    let entry = this.streams.get(key);
    if (!entry) {
      const stream: SharedStream = new SharedStream(plan, state, request, request.scope.key, isState, this.streamDeps(), () => {
        if (this.streams.get(key)?.stream === stream) this.streams.delete(key);
      });
      entry = { stream, request, identity, authorized: auth.printed() };
      this.streams.set(key, entry);
    }
    const { stream } = entry;
    let sequence = 0;
    const member: Member = {
      scope: request.scope,
      queue: new CoalescingQueue<FormattedExecutionResult>({
        key: isState ? (r) => stateKey(r, root?.responseKey) : () => String(sequence++),
        minIntervalMs: 0,
        maxPending: isState ? Number.POSITIVE_INFINITY : this.options.clientBuffer,
        overflowError: (pending) =>
          new GraphQLError(`This client fell ${pending} events behind and was disconnected; subscribe again`, { extensions: { code: "UNAVAILABLE", reason: "SLOW_CONSUMER" } }),
        onClose: () => {
          this.clients--;
          stream.leave(member);
        },
      }),
    };
    this.clients++;
    stream.join(member);
    return authorized?.changed ? completing(member.queue, authorized) : member.queue;
  }

  /** The caller's authorisation of a subscription on a supergraph: a filter for planning, and its outcome. */
  private authorization(state: SupergraphState, request: StreamRequest, identity: Identity | null) {
    const authorizer = this.options.authorizer;
    const outcome: { result: AuthorizedOperation | null; filter?: (document: DocumentNode) => DocumentNode | readonly GraphQLError[]; printed(): string } = {
      result: null,
      printed: () => (outcome.result?.document ? print(outcome.result.document) : ""),
    };
    if (!authorizer) return outcome;
    outcome.filter = (document) => {
      const result = authorizer.authorize(state.schema, document, request.operationName, identity, state.sdl);
      outcome.result = result;
      if (result.document) return result.document;
      return result.refusal().errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }));
    };
    return outcome;
  }

  /** Counts for tests, metrics and the benchmark. */
  stats(): { clients: number; sharedStreams: number; upstreamSubscriptions: number; sockets: number } {
    return { clients: this.clients, sharedStreams: this.streams.size, ...this.pool.stats() };
  }

  async dispose(): Promise<void> {
    for (const { stream } of this.streams.values()) stream.fail([{ message: "The gateway is shutting down", extensions: { code: "UNAVAILABLE" } }]);
    await this.pool.dispose();
  }

  private streamDeps() {
    return {
      pool: this.pool,
      logger: this.options.logger,
      formatErrors: this.options.formatErrors,
      subgraphUrl: (name: string) => this.options.subgraphUrls[name.toLowerCase()] ?? this.state?.subgraphUrls.get(name),
      dataSource: (name: string) => {
        const url = this.options.subgraphUrls[name.toLowerCase()] ?? this.state?.subgraphUrls.get(name);
        if (!url) return undefined;
        let source = this.dataSources.get(`${name}#${url}`);
        if (!source) this.dataSources.set(`${name}#${url}`, (source = this.options.createDataSource(name, url)));
        return source;
      },
    };
  }
}

/** The member's events with the fields its caller may not read answered null, with their errors. */
function completing(queue: AsyncIterableIterator<FormattedExecutionResult>, authorized: AuthorizedOperation): AsyncIterableIterator<FormattedExecutionResult> {
  const iterator: AsyncIterableIterator<FormattedExecutionResult> = {
    async next() {
      const item = await queue.next();
      return item.done ? item : { done: false, value: authorized.complete(item.value) as FormattedExecutionResult };
    },
    return: (value?: unknown) => queue.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    throw: (error?: unknown) => queue.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function stateKey(result: FormattedExecutionResult, responseKey: string | undefined): string {
  const value = responseKey ? (result.data as Record<string, unknown> | null | undefined)?.[responseKey] : undefined;
  return value && typeof value === "object" && "id" in value ? String((value as { id: unknown }).id) : "state";
}

