import type { FetchNode, PlanNode } from "@apollo/query-planner";
import type { DocumentNode, FormattedExecutionResult, ValidationRule } from "graphql";
import { Batcher, type AroundFetch } from "./batcher.ts";
import { ErrorSink, type ExecutionError } from "./errors.ts";
import { graphqlCjs } from "./graphql-cjs.ts";
import { runPlan } from "./plan-runner.ts";
import { runPlanByStages } from "./stages.ts";
import { PreparedSupergraph, type Prepared } from "./prepare.ts";
import { shapeResponse } from "./shape.ts";
import { SubgraphClient, type SubgraphResponse } from "./subgraph-client.ts";

export interface ExecutorOptions<C = unknown> {
  supergraphSdl: string;
  /** URLs by subgraph name, over the supergraph's routing URLs. */
  subgraphUrls?: Record<string, string>;
  fetch?: { timeoutMs?: number; connections?: number; maxResponseBytes?: number };
  /** Headers for one subgraph request (forwarded headers, a request signature over `body`). */
  headers?: (subgraph: string, body: string, context: C | undefined) => Record<string, string>;
  dedup?: { subgraphFetches?: boolean; operations?: boolean };
  /** Wraps each subgraph request (the gateway's tracing); a shared request carries its first caller's headers. */
  aroundFetch?: AroundFetch;
  /**
   * true (default): the plan runs stage by stage and the query fetches of a stage to one subgraph go
   * out as one request. false: every fetch runs as soon as its inputs are there, alone.
   */
  mergeFetches?: boolean;
  planCacheSize?: number;
  /** Told of faults of the executor itself (to log them); the client gets no details. */
  onInternalError?: (error: unknown) => void;
  validationRules?: readonly ValidationRule[];
  maxTokens?: number;
}

export interface ExecuteRequest<C = unknown> {
  query?: string;
  document?: DocumentNode;
  operationName?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  context?: C;
  /** Who is asking (e.g. a hash of the caller's identity): shared work never crosses scopes. */
  scopeKey?: string;
  /**
   * `document` was validated against this supergraph's API schema by the caller (Apollo Server): it is
   * planned (once per document object) without being validated again. `query`, when given too, is its
   * text (the key of in-flight sharing).
   */
  validated?: boolean;
  /** Aborted when the operation is abandoned: its subgraph requests stop (shared ones once no caller is left). */
  signal?: AbortSignal | undefined;
}

export type ExecutionOutcome = FormattedExecutionResult & { data?: Record<string, unknown> | null };

/** A subscription's plan as the subscription engine needs it: the fetch to subscribe with, and the rest. */
export interface SubscriptionPlan {
  primary: FetchNode;
  rest: PlanNode | undefined;
  prepared: Prepared;
}

/** A query operation in flight, shared by the callers that joined it; aborted when the last of them leaves. */
interface SharedOperation {
  result: Promise<ExecutionOutcome>;
  controller: AbortController;
  callers: number;
}

export interface Executor<C = unknown> {
  execute(request: ExecuteRequest<C>): Promise<ExecutionOutcome>;
  plan(query: string | DocumentNode, operationName?: string): Prepared | { errors: ExecutionError[] };
  planSubscription(query: string | DocumentNode, operationName?: string): SubscriptionPlan | { errors: ExecutionError[] };
  /** Runs the rest of a subscription's plan on one event of its primary fetch, and shapes the result. */
  executeSubscriptionEvent(plan: SubscriptionPlan, event: SubgraphResponse, request: Omit<ExecuteRequest<C>, "query" | "document">): Promise<ExecutionOutcome>;
  stats(): { subgraphRequests: number; sharedSubgraphRequests: number; sharedOperations: number };
  close(): Promise<void>;
}

export function createExecutor<C = unknown>(options: ExecutorOptions<C>): Executor<C> {
  const supergraph = new PreparedSupergraph(options);
  const client = new SubgraphClient({ ...options.fetch, dedup: options.dedup?.subgraphFetches ?? true });
  const urls = new Map<string, string>();
  for (const [name, url] of supergraph.subgraphUrls) urls.set(name, url);
  for (const [name, url] of Object.entries(options.subgraphUrls ?? {})) {
    const known = [...urls.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    urls.set(known ?? name, url);
  }
  const inflight = new Map<string, SharedOperation>();
  const dedupOperations = options.dedup?.operations ?? true;
  let sharedOperations = 0;

  /** Never rejects: a fault of the executor itself is one INTERNAL_SERVER_ERROR without details. */
  async function run(prepared: Prepared, request: Omit<ExecuteRequest<C>, "query" | "document">, primary?: { fetch: FetchNode; event: SubgraphResponse }, node?: PlanNode): Promise<ExecutionOutcome> {
    try {
      return await runUnguarded(prepared, request, primary, node);
    } catch (error) {
      options.onInternalError?.(error);
      return { data: null, errors: [{ message: "Internal error while executing the operation.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] };
    }
  }

  async function runUnguarded(prepared: Prepared, request: Omit<ExecuteRequest<C>, "query" | "document">, primary?: { fetch: FetchNode; event: SubgraphResponse }, node?: PlanNode): Promise<ExecutionOutcome> {
    const { coerced, errors: inputErrors } = graphqlCjs.getVariableValues(supergraph.apiSchema, prepared.operation.variableDefinitions ?? [], request.variables ?? {});
    if (inputErrors?.length || !coerced) return { errors: (inputErrors ?? []).map((e) => ({ message: e.message, extensions: { code: "BAD_USER_INPUT" } })) };
    const errors = new ErrorSink();
    const tree: Record<string, unknown> = {};
    const batcher = new Batcher({
      client,
      url: (name) => urls.get(name),
      headers: (name, body) => options.headers?.(name, body, request.context) ?? {},
      scopeKey: request.scopeKey ?? "",
      signal: request.signal,
      merge: options.mergeFetches ?? true,
      aroundFetch: options.aroundFetch,
    });
    if (prepared.introspection) {
      const result = graphqlCjs.executeSync({ schema: supergraph.apiSchema, document: prepared.introspection, variableValues: coerced });
      Object.assign(tree, result.data ?? {});
      for (const e of result.errors ?? []) errors.add({ message: e.message, ...(e.path ? { path: [...e.path] } : {}) });
    }
    const planNode = node ?? (prepared.plan.node?.kind === "Subscription" ? undefined : prepared.plan.node);
    if (planNode) {
      await ((options.mergeFetches ?? true) ? runPlanByStages : runPlan)(planNode, tree, {
        supergraphSchema: supergraph.supergraphSchema,
        variables: coerced,
        batcher,
        errors,
        ...(primary ? { override: (f: FetchNode) => (f === primary.fetch ? structuredClone(primary.event) : undefined) } : {}),
      });
    }
    const data = shapeResponse(
      { schema: supergraph.apiSchema, fragments: prepared.fragments, variables: coerced, errors, cache: prepared.shapeCache ?? new WeakMap() },
      prepared.rootType,
      prepared.operation.selectionSet,
      tree,
    );
    return errors.list.length ? { data, errors: errors.list } : { data };
  }

  return {
    async execute(request) {
      const source = request.document ?? request.query;
      if (!source) return { errors: [{ message: "No operation was sent.", extensions: { code: "BAD_USER_INPUT" } }] };
      const prepared = supergraph.prepare(source, request.operationName, request.validated && typeof source !== "string");
      if ("errors" in prepared) return { errors: prepared.errors };
      if (prepared.operation.operation === "subscription") return { errors: [{ message: "Subscriptions are not served here.", extensions: { code: "BAD_USER_INPUT" } }] };
      if (!dedupOperations || prepared.operation.operation !== "query" || request.query === undefined) return run(prepared, request);
      const key = `${request.scopeKey ?? ""}\u0000${request.operationName ?? ""}\u0000${request.query}\u0000${JSON.stringify(request.variables ?? {})}`;
      let shared = inflight.get(key);
      if (shared) sharedOperations++;
      else {
        // The execution runs on a signal of its own: one caller giving up must not fail the others.
        const controller = new AbortController();
        const entry: SharedOperation = { controller, callers: 0, result: run(prepared, { ...request, signal: controller.signal }).finally(() => inflight.get(key) === entry && inflight.delete(key)) };
        inflight.set(key, (shared = entry));
      }
      const joined = shared;
      joined.callers++;
      const signal = request.signal;
      // Aborted once every caller sharing it gave up (a caller without a signal never does).
      const leave = () => {
        if (--joined.callers > 0) return;
        if (inflight.get(key) === joined) inflight.delete(key);
        joined.controller.abort(signal?.reason);
      };
      if (signal?.aborted) leave();
      else signal?.addEventListener("abort", leave, { once: true });
      return joined.result.finally(() => signal?.removeEventListener("abort", leave));
    },
    plan: (query, operationName) => supergraph.prepare(query, operationName),
    planSubscription(query, operationName) {
      const prepared = supergraph.prepare(query, operationName);
      if ("errors" in prepared) return prepared;
      const node = prepared.plan.node;
      if (node?.kind !== "Subscription") return { errors: [{ message: "The supergraph gave no subscription plan for this operation.", extensions: { code: "BAD_USER_INPUT" } }] };
      return { primary: node.primary, rest: node.rest, prepared };
    },
    executeSubscriptionEvent(plan, event, request) {
      const node: PlanNode = plan.rest ? { kind: "Sequence", nodes: [plan.primary, plan.rest] } : plan.primary;
      return run(plan.prepared, request, { fetch: plan.primary, event }, node);
    },
    stats: () => ({ subgraphRequests: client.sent, sharedSubgraphRequests: client.shared, sharedOperations }),
    close: () => client.close(),
  };
}
