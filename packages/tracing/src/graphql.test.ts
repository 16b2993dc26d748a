import { ApolloServer } from "@apollo/server";
import { SpanStatusCode } from "@opentelemetry/api";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { graphqlTracing, inSpan, SpanKind } from "./index.ts";
import { startMemoryTracing } from "./testing.ts";

const tracing = startMemoryTracing({ resolverSpans: true });
afterAll(() => tracing.shutdown());
beforeEach(() => tracing.reset());

const server = new ApolloServer({
  typeDefs: "type Query { hello: String, plain: String, broken: String }",
  resolvers: { Query: { hello: async () => "world", broken: () => { throw new Error("nope"); } } },
  plugins: [graphqlTracing("orders")],
});
await server.start();
afterAll(() => server.stop());

// As traceHttpRequests does, the request's server span is active while Apollo runs the operation.
const run = (query: string) => inSpan("orders", "POST /graphql", { kind: SpanKind.SERVER }, () => server.executeOperation({ query }));

describe("graphqlTracing", () => {
  it("names the request's span after its operation and, with TRACE_RESOLVERS, adds a span per resolver with code of its own", async () => {
    await run("query Greeting { hello plain }");
    const names = tracing.spans().map((s) => s.name);
    expect(names).toContain("query Greeting");
    expect(names).toContain("resolve Query.hello");
    // A default resolver (a property read) gets none.
    expect(names).not.toContain("resolve Query.plain");
    const operation = tracing.spans().find((s) => s.name === "query Greeting");
    expect(operation?.attributes).toMatchObject({ "graphql.operation.type": "query", "graphql.operation.name": "Greeting" });
    expect(tracing.spans().find((s) => s.name === "resolve Query.hello")?.parentSpanContext?.spanId).toBe(operation?.spanContext().spanId);
  });

  it("marks a failed operation and its failing resolver with the error", async () => {
    await run("{ broken }");
    const operation = tracing.spans().find((s) => s.name === "query anonymous");
    expect(operation?.status.code).toBe(SpanStatusCode.ERROR);
    expect(operation?.attributes["graphql.error.codes"]).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(tracing.spans().find((s) => s.name === "resolve Query.broken")?.status.code).toBe(SpanStatusCode.ERROR);
  });
});
