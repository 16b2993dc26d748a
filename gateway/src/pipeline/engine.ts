import { GraphQLError, type GraphQLSchema } from "graphql";
import type { SubscribeRequest } from "../subscriptions/engine.ts";
import type { Pipeline } from "./pipeline.ts";

/**
 * The pipeline inside the subscription engine: its operation hooks once a subscription is validated
 * (with the pipeline's rules) and before it is planned further or opened upstream. A refusal is the
 * GraphQLError to answer; anything else thrown is the gateway's own failure.
 */
export function engineAdmission(pipeline: Pipeline) {
  return async (schema: GraphQLSchema, request: SubscribeRequest): Promise<GraphQLError | null> => {
    const { document, operationName, variables, identity, transport } = request;
    try {
      await pipeline.operation({ transport: transport ?? "ws", kind: "subscription", schema, document, operationName, variables, context: { identity: identity ?? null } });
      return null;
    } catch (error) {
      if (error instanceof GraphQLError) return error;
      throw error;
    }
  };
}
