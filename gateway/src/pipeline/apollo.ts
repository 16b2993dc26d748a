import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import type { GatewayContext } from "../context.ts";
import type { Pipeline } from "./pipeline.ts";
import type { OperationEvent } from "./types.ts";

/**
 * The pipeline inside Apollo Server, which runs HTTP requests and the queries and mutations sent over
 * sockets and streams: its operation hooks once the operation is resolved (parsed, validated, before
 * the gateway plans it; a thrown GraphQLError is the answer), its result hooks before the response is
 * sent. Validation rules, the token limit and error masking are Apollo Server options (server.ts).
 */
export function apolloPipeline(pipeline: Pipeline): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(request) {
          await pipeline.operation(operationOf(request));
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = pipeline.maskMessage(error.message);
        },
        async willSendResponse(request) {
          const { document, response } = request;
          if (!document || response.body.kind !== "single") return;
          pipeline.result({
            ...operationOf({ ...request, document }),
            result: response.body.singleResult,
            setHeader: (name, value) => response.http.headers.set(name, value),
          });
        },
      };
    },
  };
}

type Resolved = GraphQLRequestContextDidResolveOperation<GatewayContext>;
type ResolvedParts = Pick<Resolved, "schema" | "document" | "operation" | "request" | "contextValue"> & { operationName?: string | null };

/** What the pipeline's hooks see of an operation Apollo Server has resolved. */
function operationOf({ schema, document, operationName, operation, request, contextValue }: ResolvedParts): OperationEvent {
  return {
    transport: contextValue.transport ?? "internal",
    kind: operation?.operation ?? "query",
    schema,
    document,
    operationName,
    variables: request.variables,
    context: contextValue,
  };
}
