import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { DocumentNode, OperationDefinitionNode } from "graphql";
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
        async willSendResponse({ operationName, operation, document, request, errors, response }) {
          const target = current();
          if (!target) return;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...(errors ?? []), ...(body?.errors ?? [])].map((e) => e.extensions?.code as string | undefined);
          // An operation refused in validation was parsed but never resolved: its name and type come from the document.
          const parsed = operation ?? soleOperation(document, request.operationName);
          target.observe({
            operationName: operationName ?? parsed?.name?.value,
            operationType: parsed?.operation,
            errorCodes: codes,
            seconds: (performance.now() - started) / 1000,
          });
        },
      };
    },
  };
}

function soleOperation(document: DocumentNode | undefined, name: string | undefined | null): OperationDefinitionNode | undefined {
  const operations = (document?.definitions ?? []).filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return name ? operations.find((o) => o.name?.value === name) : operations.length === 1 ? operations[0] : undefined;
}
