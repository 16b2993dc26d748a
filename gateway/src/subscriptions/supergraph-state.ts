import { buildOperationContext } from "@apollo/gateway";
import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from "@apollo/query-planner";
import { createRequire } from "node:module";
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ValidationRule } from "graphql";
import type { GatewayContext } from "../context.ts";
import type { Executor, SubscriptionPlan as ExecutorSubscriptionPlan } from "../execution/executor.ts";

// The federation packages are CommonJS and build their schemas with graphql's CommonJS build; graphql
// refuses a schema from the other build, so validation uses that build too.
const { validate, specifiedRules } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export type OperationContext = ReturnType<typeof buildOperationContext>;

export interface SubscriptionPlan {
  operationContext: OperationContext;
  /** The fetch that opens the subscription at the subgraph owning the root field. */
  primary: FetchNode;
  /** Entity fetches to other subgraphs, run for every event. */
  rest: PlanNode | undefined;
  /** With the floorgraph executor: its plan, each event run by its executeSubscriptionEvent (else @apollo/gateway's executeQueryPlan). */
  floorgraph?: { executor: Executor<GatewayContext>; plan: ExecutorSubscriptionPlan };
}

/**
 * One supergraph as the subscription engine needs it: the API schema to validate against, the
 * supergraph schema and query planner to plan with, and the subgraphs' routing URLs. Rebuilt from
 * the SDL whenever the gateway loads a new supergraph.
 */
export class SupergraphState {
  readonly schema: GraphQLSchema;
  readonly apiSchema: Schema;
  readonly supergraphSchema: GraphQLSchema;
  readonly subgraphUrls: ReadonlyMap<string, string>;
  private readonly planner: QueryPlanner;

  private readonly rules: readonly ValidationRule[];

  /**
   * `extraRules`: the gateway's operation limits, so a subscription meets the same ones as an HTTP request.
   * `executor`: the floorgraph executor loaded with the same supergraph, which then plans and runs the events.
   */
  constructor(
    readonly sdl: string,
    extraRules: readonly ValidationRule[] = [],
    private readonly executor: Executor<GatewayContext> | null = null,
  ) {
    this.rules = [...specifiedRules, ...extraRules];
    const supergraph = Supergraph.build(sdl);
    this.apiSchema = supergraph.apiSchema();
    this.schema = this.apiSchema.toGraphQLJSSchema();
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.planner = new QueryPlanner(supergraph);
    this.subgraphUrls = new Map(supergraph.subgraphs().values().map((s) => [s.name, s.url]));
  }

  /**
   * Validates a subscription and plans it; GraphQL errors for anything invalid. `authorize` sees the
   * validated operation and returns the one to plan (the caller's unauthorised fields removed), or
   * the errors to answer instead.
   */
  plan(
    original: DocumentNode,
    operationName: string | undefined,
    authorize?: (document: DocumentNode) => DocumentNode | readonly GraphQLError[],
  ): SubscriptionPlan | readonly GraphQLError[] {
    const errors = validate(this.schema, original, this.rules);
    // As over HTTP (Apollo Server), every validation failure is GRAPHQL_VALIDATION_FAILED, whatever
    // code a rule gave it.
    if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
    const document = authorize ? authorize(original) : original;
    if (Array.isArray(document)) return document;
    let operationContext: OperationContext;
    let plan: QueryPlan;
    try {
      operationContext = buildOperationContext({ schema: this.schema, operationDocument: document as DocumentNode, operationName });
      if (operationContext.operation.operation !== "subscription") return [new GraphQLError("Only subscriptions are served here")];
      if (this.executor) {
        // The executor's own plan (its planner-alias corrections included): its primary fetch is what
        // goes upstream, so each event comes back in the shape its executeSubscriptionEvent expects.
        const ours = this.executor.planSubscription(document as DocumentNode, operationName);
        if ("errors" in ours) return ours.errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} }));
        return { operationContext, primary: ours.primary, rest: ours.rest, floorgraph: { executor: this.executor, plan: ours } };
      }
      plan = this.planner.buildQueryPlan(operationFromDocument(this.apiSchema, document as DocumentNode, { operationName }));
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message)];
    }
    if (plan.node?.kind !== "Subscription") return [new GraphQLError("The supergraph gave no subscription plan for this operation")];
    return { operationContext, primary: plan.node.primary, rest: plan.node.rest };
  }
}
