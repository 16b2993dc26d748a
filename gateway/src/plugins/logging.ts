import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context.ts";

/** One log line per operation: name, duration and error codes; failures at info, the rest at debug. */
export function operationLogging(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, response }) {
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...(errors ?? []), ...(body?.errors ?? [])].map((e) => e.extensions?.code ?? "INTERNAL_SERVER_ERROR");
          if (codes.length) contextValue.logger.info({ operationName, durationMs, errors: codes }, "operation failed");
          else contextValue.logger.debug({ operationName, durationMs }, "operation");
        },
      };
    },
  };
}
