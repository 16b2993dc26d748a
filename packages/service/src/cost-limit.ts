import type { ApolloServerPlugin } from "@apollo/server";
import { CostAnalysisError, CostEstimator, costTooHigh, readCostDirectives } from "@floorgraph/demand";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";

/**
 * A subgraph's own budget: far above any gateway budget (the gateway refuses first, and callers
 * inside the system query subgraphs directly: a warehouse's zones' location pages cost ~150,000),
 * far below the runaway nestings (a 200-line order nested three times: 8 million).
 */
export const DEFAULT_SUBGRAPH_MAX_COST = 500_000;

/**
 * Refuses an operation whose cost, estimated on this subgraph's schema with its own SDL's @cost and
 * @listSize, is over `maxCost` (COST_ESTIMATED_TOO_EXPENSIVE), before it executes: the gateway
 * checks the supergraph budget, this protects the subgraph from whoever reaches it directly. The
 * gateway's entity fetches are priced per representation sent (`_entities`).
 */
export function subgraphCostLimit(typeDefs: DocumentNode, maxCost: number): ApolloServerPlugin {
  const directives = readCostDirectives(typeDefs);
  const estimators = new WeakMap<GraphQLSchema, CostEstimator>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          let estimator = estimators.get(schema);
          if (!estimator) estimators.set(schema, (estimator = new CostEstimator(schema, directives)));
          let estimated: number;
          try {
            estimated = estimator.estimate({ document, operationName, variables: request.variables });
          } catch (error) {
            if (!(error instanceof CostAnalysisError)) throw error;
            throw new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", http: { status: 200 } } });
          }
          if (estimated > maxCost) throw costTooHigh(estimated, maxCost);
        },
      };
    },
  };
}
