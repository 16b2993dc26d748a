import type { Identity } from "@floorgraph/auth";
import { CostAnalysisError, CostEstimator, costTooHigh, readCostDirectives, type CostDirectives, type CostRequest } from "@floorgraph/demand";
import { GraphQLError, parse, type DocumentNode, type GraphQLSchema } from "graphql";

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
  private readonly estimates = new WeakMap<CostEstimator, WeakMap<DocumentNode, Map<string, number>>>();

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

  /**
   * The estimate depends on the document, the operation and the variables only: cached per document
   * object (Apollo Server's document cache hands out one per text), a few variable sets each, so an
   * operation polled by many screens is priced once.
   */
  private estimate(estimator: CostEstimator, request: CostRequest): number {
    let byDocument = this.estimates.get(estimator);
    if (!byDocument) this.estimates.set(estimator, (byDocument = new WeakMap()));
    let known = byDocument.get(request.document);
    if (!known) byDocument.set(request.document, (known = new Map()));
    const key = `${request.operationName ?? ""}\u0000${JSON.stringify(request.variables ?? {})}`;
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const estimated = estimator.estimate(request);
    if (known.size < 32) known.set(key, estimated);
    return estimated;
  }

  /** The estimate, or the refusal (COST_ESTIMATED_TOO_EXPENSIVE, or BAD_USER_INPUT for an unpriceable list). */
  admit(schema: GraphQLSchema, request: CostRequest, identity: Identity | null | undefined): { estimated: number; max: number } | GraphQLError {
    const max = budgetFor(this.budgets, identity);
    let estimated: number;
    try {
      estimated = this.estimate(this.estimator(schema), request);
    } catch (error) {
      if (error instanceof CostAnalysisError) return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", http: { status: 200 } } });
      throw error;
    }
    return estimated > max ? costTooHigh(estimated, max) : { estimated, max };
  }
}
