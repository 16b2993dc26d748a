import { GraphQLError } from "graphql";
import type { SupergraphCost } from "../budget/cost.ts";
import type { GatewayPlugin } from "./types.ts";

/**
 * Demand control, for every transport: an operation over the caller's budget is refused once it is
 * parsed and validated, before the gateway plans or fetches anything (COST_ESTIMATED_TOO_EXPENSIVE;
 * BAD_USER_INPUT for a list it cannot price). The estimate is left on the context as
 * `cost.estimated` (the rate limit charges it), and a single result reports
 * `extensions.cost: { estimated, actual, max }`, actual counting the lists returned.
 */
export function useCost(cost: SupergraphCost): GatewayPlugin {
  const maxima = new WeakMap<object, number>();
  const actuals = new WeakMap<object, { document: unknown; operationName: string | null | undefined; actual: number }>();
  return {
    name: "cost",
    onOperation({ schema, document, operationName, variables, context }) {
      const admitted = cost.admit(schema, { document, operationName: operationName ?? undefined, variables }, context.identity);
      if (admitted instanceof GraphQLError) throw admitted;
      maxima.set(context, admitted.max);
      context.cost = { estimated: admitted.estimated };
    },
    onResult({ schema, document, operationName, variables, result, context }) {
      const max = maxima.get(context);
      if (!context.cost || max === undefined) return;
      const data = result.data ?? null;
      // Callers that shared one execution (the executor's in-flight dedup: same document, operation
      // and variables) share its data object too: it is counted once.
      const counted = data ? actuals.get(data) : undefined;
      let actual: number;
      if (counted && counted.document === document && counted.operationName === operationName) actual = counted.actual;
      else {
        actual = cost.estimator(schema).actual({ document, operationName: operationName ?? undefined, variables }, data);
        if (data) actuals.set(data, { document, operationName, actual });
      }
      result.extensions = { ...result.extensions, cost: { estimated: context.cost.estimated, actual, max } };
    },
  };
}
