import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { GatewayContext } from "../context.ts";

/**
 * A subscription POSTed as a plain query has no stream to arrive on: say where subscriptions are
 * served instead of failing inside the gateway's executor.
 */
export function subscriptionsOverHttp(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          throw new GraphQLError(
            "Subscriptions are served at this path over WebSocket (graphql-ws protocol) or Server-Sent Events (send Accept: text/event-stream)",
            { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
          );
        },
      };
    },
  };
}
