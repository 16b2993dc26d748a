import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { GraphqlRequestMetrics } from "./graphql.ts";

/**
 * Counts and times every operation Apollo Server answers (HTTP, and the gateway's socket queries).
 * `metrics` may be a function: a subgraph server gets its service's metrics once booted.
 */
export function graphqlMetricsPlugin<C extends BaseContext>(metrics: GraphqlRequestMetrics | (() => GraphqlRequestMetrics | null)): ApolloServerPlugin<C> {
  const current = typeof metrics === "function" ? metrics : () => metrics;
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, operation, errors, response }) {
          const target = current();
          if (!target) return;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...(errors ?? []), ...(body?.errors ?? [])].map((e) => e.extensions?.code as string | undefined);
          target.observe({ operationName, operationType: operation?.operation, errorCodes: codes, seconds: (performance.now() - started) / 1000 });
        },
      };
    },
  };
}
