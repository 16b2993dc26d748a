import { executeQueryPlan, type GraphQLDataSource } from "@apollo/gateway";
import type { FetchNode, QueryPlan } from "@apollo/query-planner";
import type { DocumentNode, ExecutionResult, FormattedExecutionResult, GraphQLFormattedError } from "graphql";
import type { Logger } from "@floorgraph/logger";
import { CoalescingQueue } from "@floorgraph/streams";
import type { GatewayContext } from "../context.ts";
import { toGraphQLErrors } from "../execution/apollo-executor.ts";
import type { SubgraphResponse } from "../execution/subgraph-client.ts";
import type { SupergraphState, SubscriptionPlan } from "./supergraph-state.ts";
import type { CallerScope, UpstreamPool } from "./upstream-pool.ts";

/** The name the primary fetch is given in the per-event plan: its "subgraph" answers with the event. */
const EVENT_SOURCE = "__subscription_event__";

export interface StreamRequest {
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  requestId: string;
}

export interface StreamDeps {
  pool: UpstreamPool;
  logger: Logger;
  dataSource(serviceName: string): GraphQLDataSource<GatewayContext> | undefined;
  subgraphUrl(serviceName: string): string | undefined;
  formatErrors(errors: readonly unknown[]): GraphQLFormattedError[];
}

export interface Member {
  queue: CoalescingQueue<FormattedExecutionResult>;
  scope: CallerScope;
}

const primaryKey = (p: FetchNode, variables: Record<string, unknown>) => `${p.serviceName}#${p.operation}#${JSON.stringify(variables)}`;

/**
 * One subscription operation (document, variables, caller scope) shared by every client that sent
 * it: one upstream subscription for the primary fetch, and for each event one execution of the rest
 * of the plan, whose result every member receives. Events run one at a time, in order; while one
 * runs, later ones wait (for a state stream only the newest per entity).
 */
export class SharedStream {
  readonly members = new Set<Member>();
  private leaveUpstream: (() => void) | null = null;
  private upstreamKey = "";
  private waiting: ExecutionResult[] = [];
  private busy = false;
  private drained: Promise<void> = Promise.resolve();

  constructor(
    private plan: SubscriptionPlan,
    private state: SupergraphState,
    private readonly request: StreamRequest,
    private readonly scopeKey: string,
    private readonly isStateStream: boolean,
    private readonly deps: StreamDeps,
    private readonly onEmpty: () => void,
  ) {}

  join(member: Member): void {
    this.members.add(member);
    if (!this.leaveUpstream) this.openUpstream();
  }

  leave(member: Member): void {
    if (!this.members.delete(member) || this.members.size) return;
    this.leaveUpstream?.();
    this.leaveUpstream = null;
    this.onEmpty();
  }

  /** A new supergraph: keep going with the new plan, re-subscribing upstream only if the primary fetch changed. */
  replan(plan: SubscriptionPlan, state: SupergraphState): void {
    this.plan = plan;
    this.state = state;
    if (primaryKey(plan.primary, this.primaryVariables()) === this.upstreamKey) return;
    this.leaveUpstream?.();
    this.openUpstream();
  }

  /**
   * Ends every member's stream, after the events already received, with these errors as its last
   * event if given (the operation is no longer valid, or the upstream failed for good).
   */
  fail(errors?: GraphQLFormattedError[]): void {
    void this.drained.then(() => {
      const members = [...this.members];
      if (errors) for (const m of members) m.queue.push({ errors });
      for (const m of members) void m.queue.return();
    });
  }

  private primaryVariables(): Record<string, unknown> {
    const variables: Record<string, unknown> = {};
    for (const name of this.plan.primary.variableUsages ?? []) if (name in this.request.variables) variables[name] = this.request.variables[name];
    return variables;
  }

  private openUpstream(): void {
    const { primary } = this.plan;
    const url = this.deps.subgraphUrl(primary.serviceName);
    if (!url) return this.fail([{ message: `No URL for subgraph ${primary.serviceName}`, extensions: { code: "UNAVAILABLE" } }]);
    const variables = this.primaryVariables();
    this.upstreamKey = primaryKey(primary, variables);
    const scope = this.freshestScope();
    this.leaveUpstream = this.deps.pool.subscribe(url, scope, primary.operation, variables, {
      next: (result) => this.enqueue(result),
      error: (errors) => this.fail(this.deps.formatErrors(Array.isArray(errors) ? errors : [{ message: "The subgraph closed the subscription", extensions: { code: "UNAVAILABLE" } }])),
      complete: () => this.fail(),
    });
  }

  private freshestScope(): CallerScope {
    return [...this.members].map((m) => m.scope).sort((a, b) => b.expiresAt - a.expiresAt)[0] ?? { key: this.scopeKey, token: undefined, expiresAt: 0 };
  }

  private enqueue(event: ExecutionResult): void {
    // A state stream keeps one waiting event per entity: a newer state of the same entity replaces it.
    const key = this.isStateStream ? entityKey(event) : null;
    const same = key === null ? -1 : this.waiting.findIndex((e) => entityKey(e) === key);
    if (same >= 0) this.waiting[same] = event;
    else this.waiting.push(event);
    if (this.busy) return;
    this.busy = true;
    this.drained = this.drain();
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const event = this.waiting.shift() as ExecutionResult;
      const result: FormattedExecutionResult = await this.execute(event).catch((error: unknown) => {
        this.deps.logger.error({ err: error }, "executing a subscription event failed");
        return { errors: this.deps.formatErrors([error]) };
      });
      for (const m of this.members) m.queue.push(result);
    }
    this.busy = false;
  }

  /** Runs the rest of the plan on one event from the primary fetch; entity errors ride along in `errors`. */
  private async execute(event: ExecutionResult): Promise<FormattedExecutionResult> {
    const { primary, rest, operationContext, floorgraph } = this.plan;
    const scope = this.freshestScope();
    const context: GatewayContext = {
      requestId: this.request.requestId,
      logger: this.deps.logger,
      forwarded: { "x-request-id": this.request.requestId, ...(scope.token ? { authorization: `Bearer ${scope.token}` } : {}) },
      identity: null,
    };
    if (floorgraph) {
      const outcome = await floorgraph.executor.executeSubscriptionEvent(floorgraph.plan, event as SubgraphResponse, {
        variables: this.request.variables,
        context,
        scopeKey: this.scopeKey,
      });
      const errors = toGraphQLErrors(outcome.errors, context);
      return errors?.length ? { data: outcome.data ?? null, errors: this.deps.formatErrors(errors) } : { data: outcome.data ?? null };
    }
    const eventFetch: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
    const queryPlan: QueryPlan = { kind: "QueryPlan", node: rest ? { kind: "Sequence", nodes: [eventFetch, rest] } : eventFetch };
    const source = { process: async () => ({ data: event.data ?? null, errors: event.errors }) } as unknown as GraphQLDataSource;
    const serviceMap = new Proxy({} as Record<string, GraphQLDataSource>, {
      get: (_t, name: string) => (name === EVENT_SOURCE ? source : this.deps.dataSource(name)),
    });
    const requestContext = {
      request: { query: "", variables: this.request.variables, operationName: this.request.operationName },
      context,
      logger: this.deps.logger,
      metrics: {},
      operationName: this.request.operationName ?? null,
    };
    const result = await executeQueryPlan(queryPlan, serviceMap, requestContext as never, operationContext, this.state.supergraphSchema, this.state.apiSchema, undefined);
    return result.errors?.length ? { ...result, errors: this.deps.formatErrors(result.errors) } : (result as FormattedExecutionResult);
  }
}

/** The id of the entity an event is about (the root field's `id`), or "" when it has none. */
function entityKey(event: ExecutionResult): string {
  const root = Object.values(event.data ?? {})[0] as { id?: unknown } | null | undefined;
  return root && typeof root === "object" && root.id !== undefined ? String(root.id) : "";
}
