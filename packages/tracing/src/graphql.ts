import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from "@apollo/server";
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import type { GraphQLSchema } from "graphql";
import { tracingEnabled, tracingState } from "./state.ts";
import { recordFailure, tracer } from "./spans.ts";

/**
 * Names the request's server span (traceHttpRequests) after its operation (`mutation placeOrder`),
 * with the operation's type, name and error codes: a span per operation. With TRACE_RESOLVERS, a
 * span per field whose resolver is code of its own (not a default property read); Apollo's hooks
 * do not run the resolver inside it, so the resolver's own spans (Prisma's) are its siblings.
 */
export function graphqlTracing<C extends BaseContext>(part: string): ApolloServerPlugin<C> {
  let ownResolvers = new Set<string>();
  return {
    // Before Apollo wraps every field's resolver (at its first request): which fields have code of their own.
    async serverWillStart({ schema }) {
      ownResolvers = fieldsWithResolvers(schema);
    },
    async requestDidStart(): Promise<GraphQLRequestListener<C> | void> {
      if (!tracingEnabled()) return;
      const span = trace.getActiveSpan();
      if (!span) return;
      const resolverSpans = tracingState().resolverSpans;
      return {
        async didResolveOperation({ operationName, operation }) {
          const type = operation?.operation ?? "query";
          span.updateName(`${type} ${operationName ?? "anonymous"}`);
          span.setAttributes({ "graphql.operation.type": type, ...(operationName ? { "graphql.operation.name": operationName } : {}) });
        },
        async didEncounterErrors({ errors }) {
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR")))];
          span.setAttribute("graphql.error.codes", codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(",") });
        },
        async executionDidStart() {
          if (!resolverSpans) return;
          return {
            willResolveField({ info }) {
              const field = `${info.parentType.name}.${info.fieldName}`;
              if (!ownResolvers.has(field)) return;
              const fieldSpan = tracer(part).startSpan(`resolve ${field}`, { attributes: { "graphql.field.path": field } }, context.active());
              return (error) => {
                if (error) recordFailure(fieldSpan, error);
                fieldSpan.end();
              };
            },
          };
        },
      };
    },
  };
}

function fieldsWithResolvers(schema: GraphQLSchema): Set<string> {
  const fields = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !("getFields" in type)) continue;
    for (const field of Object.values(type.getFields())) if ("resolve" in field && field.resolve) fields.add(`${type.name}.${field.name}`);
  }
  return fields;
}
