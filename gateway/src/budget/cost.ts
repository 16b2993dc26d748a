import type { Identity } from "@floorgraph/auth";
import { CostAnalysisError, CostEstimator, costTooHigh, readCostDirectives, type CostDirectives, type CostRequest } from "@floorgraph/demand";
import { GraphQLError, parse, type GraphQLSchema } from "graphql";

/** The most an operation may cost, by who asks (COST_BUDGET_ANONYMOUS, _USER, _API_KEY). */
export interface CostBudgets {
  anonymous: number;
  user: number;
  apiKey: number;
}

/**
 * Sized so every dashboard operation and the README's partner operations fit a user's budget with
 * room to spare (a test checks), while a list nested in a list of 200-line orders does not. The
 * anonymous budget still admits any dashboard operation, so a client without a token learns it
 * must log in (UNAUTHENTICATED from the subgraph) rather than that its query is too big.
 */
export const DEFAULT_COST_BUDGETS: CostBudgets = { anonymous: 5_000, user: 20_000, apiKey: 10_000 };

export const budgetFor = (budgets: CostBudgets, identity: Identity | null | undefined) =>
  !identity ? budgets.anonymous : identity.kind === "api-key" ? budgets.apiKey : budgets.user;

/**
 * Demand control for the current supergraph: its @cost/@listSize (read from the supergraph SDL,
 * which the API schema no longer carries) and an estimator per API schema the gateway serves.
 */
export class SupergraphCost {
  private directives: CostDirectives | null = null;
  private readonly estimators = new WeakMap<GraphQLSchema, CostEstimator>();

  constructor(readonly budgets: CostBudgets) {}

  /** A supergraph was loaded (at start and on every reload). */
  load(supergraphSdl: string): void {
    this.directives = readCostDirectives(parse(supergraphSdl));
  }

  estimator(schema: GraphQLSchema): CostEstimator {
    if (!this.directives) throw new Error("no supergraph loaded");
    let estimator = this.estimators.get(schema);
    if (!estimator || estimator.directives !== this.directives) this.estimators.set(schema, (estimator = new CostEstimator(schema, this.directives)));
    return estimator;
  }

  /** The estimate, or the refusal (COST_ESTIMATED_TOO_EXPENSIVE, or BAD_USER_INPUT for an unpriceable list). */
  admit(schema: GraphQLSchema, request: CostRequest, identity: Identity | null | undefined): { estimated: number; max: number } | GraphQLError {
    const max = budgetFor(this.budgets, identity);
    let estimated: number;
    try {
      estimated = this.estimator(schema).estimate(request);
    } catch (error) {
      if (error instanceof CostAnalysisError) return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", http: { status: 200 } } });
      throw error;
    }
    return estimated > max ? costTooHigh(estimated, max) : { estimated, max };
  }
}
