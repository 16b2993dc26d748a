import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context.ts";
import { GRAPHQL_RESPONSE_JSON, responseMediaType } from "../http/media.ts";

/** Statuses for a response without data, by its first error's code (application/graphql-response+json). */
const REQUEST_ERROR_STATUS: Record<string, number> = {
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_USER_INPUT: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  OPERATION_TIMEOUT: 504,
  RESPONSE_TOO_LARGE: 422,
  // Demand control (pipeline/use-cost.ts): the estimate is over the caller's budget; nothing ran.
  COST_ESTIMATED_TOO_EXPENSIVE: 400,
};

/**
 * HTTP statuses as the GraphQL-over-HTTP specification asks. With application/graphql-response+json,
 * a request that fails before execution (parse, validation, variables) or is refused by a budget is a
 * 4xx/5xx (above); a response with data is 200. With application/json (legacy clients), every
 * well-formed request is answered 200 with its errors. A malformed request (BAD_REQUEST: no query,
 * variables not an object, a mutation over GET) keeps Apollo's 4xx in both.
 */
export function graphqlOverHttp(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      const accept = request.http?.headers.get("accept");
      return {
        async willSendResponse({ response }) {
          if (!request.http || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (!result.errors?.length || result.data !== undefined) return;
          const code = String(result.errors[0]?.extensions?.code ?? "");
          const status = REQUEST_ERROR_STATUS[code];
          if (status === undefined) return;
          response.http.status = responseMediaType(accept) === GRAPHQL_RESPONSE_JSON ? status : 200;
        },
      };
    },
  };
}
