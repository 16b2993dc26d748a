import { buildSchema, GraphQLError, parse, validate, specifiedRules, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import { RevocationList, signToken, type Identity } from "@floorgraph/auth";
import { createLogger } from "@floorgraph/logger";
import { AccessLimiter } from "../src/access/limiter.ts";
import { DEFAULT_RATE_LIMITS } from "../src/access/policy.ts";
import { DEFAULT_LIMITS } from "../src/config.ts";
import { createPipeline } from "../src/pipeline/pipeline.ts";
import type { Caller, GatewayPlugin, OperationEvent } from "../src/pipeline/types.ts";
import { useAuthentication } from "../src/pipeline/use-authentication.ts";
import { useErrorMasking } from "../src/pipeline/use-error-masking.ts";
import { useIntrospectionPolicy } from "../src/pipeline/use-introspection-policy.ts";
import { useOperationLimits } from "../src/pipeline/use-operation-limits.ts";
import { useRateLimit } from "../src/pipeline/use-rate-limit.ts";
import { useTrustedDocuments } from "../src/pipeline/use-trusted-documents.ts";

// The pipeline's parts one by one, with the real stores they use (the rate limiter's in-memory
// counters are the ones a gateway without Redis runs on). Their wiring through every transport is
// pipeline-parity.test.ts's.
const logger = createLogger("pipeline-test", "silent");
const SECRET = "pipeline-test-secret-0123456789abcdefghij";
const schema = buildSchema(`type Query { hello: String, node: Node } type Node { id: ID, child: Node }`);
const identity = (extra: Partial<Identity> = {}): Identity => ({ userId: "u1", email: "u1@example.test", role: "VIEWER", partnerId: null, scopes: [], kind: "user", ...extra });
const caller = (who: Identity | null, clientAddress = "10.0.0.1"): Caller => ({ identity: who, scope: { key: "k", token: undefined, expiresAt: Infinity }, clientAddress });
const event = (document: DocumentNode, who: Identity | null, kind: OperationEvent["kind"] = "query", context: OperationEvent["context"] = { identity: who }): OperationEvent => ({
  transport: "http",
  kind,
  schema,
  document,
  operationName: undefined,
  variables: {},
  context,
});
const codeOf = async (promise: Promise<unknown>) => promise.then(() => "admitted", (error: GraphQLError) => String(error.extensions.code));

describe("createPipeline", () => {
  const recording = (name: string, seen: string[], refuse = false): GatewayPlugin => ({
    name,
    onRequest: () => {
      seen.push(`request:${name}`);
      if (refuse) return { refusal: { error: new GraphQLError(name, { extensions: { code: "FORBIDDEN" } }), status: 403, headers: {} } };
      return { headers: { [`x-${name}`]: "1" }, context: { requestId: name } };
    },
    onOperation: async () => {
      await new Promise((r) => setTimeout(r, name === "a" ? 10 : 0));
      seen.push(`operation:${name}`);
    },
  });

  it("runs hooks in list order (the operation hooks one after another) and merges what admissions add", async () => {
    const seen: string[] = [];
    const pipeline = createPipeline([recording("a", seen), recording("b", seen)]);
    const admission = await pipeline.admit(caller(null), "ws");
    expect(admission).toEqual({ headers: { "x-a": "1", "x-b": "1" }, context: { requestId: "b" } });
    await pipeline.operation(event(parse("{ hello }"), null));
    expect(seen).toEqual(["request:a", "request:b", "operation:a", "operation:b"]);
  });

  it("stops at the first refusal: later plugins do not see (or count) the request", async () => {
    const seen: string[] = [];
    const pipeline = createPipeline([recording("a", seen, true), recording("b", seen)]);
    const admission = await pipeline.admit(caller(null), "http");
    expect(admission.refusal?.error.extensions.code).toBe("FORBIDDEN");
    expect(seen).toEqual(["request:a"]);
  });

  it("refuses two plugins providing what only one may (authentication, error masking, the token limit)", () => {
    expect(() => createPipeline([useErrorMasking(logger), useErrorMasking(logger)])).toThrow(/only one pipeline plugin may provide formatError/);
    expect(() => createPipeline([useAuthentication(null, null), useAuthentication(null, null)])).toThrow(/authenticate/);
  });

  it("without plugins: every caller is anonymous, errors pass unmasked, revocations are never heard", async () => {
    const pipeline = createPipeline([]);
    expect(await pipeline.authenticate("Bearer whatever", "10.0.0.9")).toMatchObject({ identity: null, clientAddress: "10.0.0.9", scope: { key: "anonymous" } });
    expect(pipeline.formatError({ message: "raw" }, new Error("raw"))).toEqual({ message: "raw" });
    expect(pipeline.onRevoked(() => undefined)).toBeTypeOf("function");
    expect(pipeline.validationRules).toEqual([]);
  });
});

describe("useAuthentication", () => {
  const revocations = new RevocationList();
  const pipeline = createPipeline([useAuthentication({ secret: SECRET, revocations }, revocations)]);
  const sign = async (who: Identity, ttlSeconds = 600) => (await signToken(who, { secret: SECRET, ttlSeconds })).token;

  it("gives the verified identity and a scope shared by callers the subgraphs treat alike", async () => {
    const a = await pipeline.authenticate(`Bearer ${await sign(identity({ userId: "a" }))}`, "1.1.1.1");
    const b = await pipeline.authenticate(`Bearer ${await sign(identity({ userId: "b" }))}`, "2.2.2.2");
    expect(a.identity).toMatchObject({ userId: "a", role: "VIEWER" });
    expect(a.scope.key).toBe(b.scope.key);
    expect(a.scope.expiresAt).toBeGreaterThan(Date.now());
  });

  it("refuses a forged, an expired and a revoked token with UNAUTHENTICATED; no token is anonymous", async () => {
    const forged = (await signToken(identity(), { secret: "another-secret-0123456789abcdefghijklmn" })).token;
    const expired = await sign(identity(), -30);
    await expect(pipeline.authenticate(`Bearer ${forged}`, undefined)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await expect(pipeline.authenticate(`Bearer ${expired}`, undefined)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect((await pipeline.authenticate(undefined, undefined)).identity).toBeNull();
  });

  it("refuses a socket's or stream's operation once its token is revoked, and tells the transports", async () => {
    const token = await sign(identity({ userId: "r1" }));
    const connected = await pipeline.authenticate(`Bearer ${token}`, "1.1.1.1");
    const heard: boolean[] = [];
    const stop = pipeline.onRevoked((isRevoked) => heard.push(isRevoked(connected.identity as Identity)));
    expect((await pipeline.admit(connected, "ws")).refusal).toBeUndefined();
    await new Promise((r) => setTimeout(r, 5));
    await revocations.revoke("user", "r1");
    stop();
    await revocations.revoke("user", "someone-else");
    expect(heard).toEqual([true]);
    for (const transport of ["ws", "sse"] as const) {
      expect((await pipeline.admit(connected, transport)).refusal?.error.extensions.code, transport).toBe("UNAUTHENTICATED");
    }
    // Over HTTP a request is authenticated afresh (which refuses it): admission does not check twice.
    expect((await pipeline.admit(connected, "http")).refusal).toBeUndefined();
    await expect(pipeline.authenticate(`Bearer ${token}`, undefined)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("without edge authentication passes tokens on unread, callers with the same token sharing a scope", async () => {
    const open = createPipeline([useAuthentication(null, null)]);
    const one = await open.authenticate("Bearer not-a-jwt", undefined);
    expect(one.identity).toBeNull();
    expect(one.scope).toMatchObject({ token: "not-a-jwt", key: expect.stringMatching(/^token:[0-9a-f]{64}$/) });
    expect((await open.authenticate("Bearer not-a-jwt", undefined)).scope.key).toBe(one.scope.key);
  });
});

describe("useRateLimit (in-memory counters)", () => {
  const settings = { ...DEFAULT_RATE_LIMITS, VIEWER: { requests: 2, cost: 100, windowSeconds: 60 } };
  const fresh = () => createPipeline([useRateLimit(new AccessLimiter({ redis: null, prefix: `t${Math.random()}`, logger }), settings)]);

  it("counts requests per principal and refuses the one over the budget with 429, Retry-After and the RateLimit headers", async () => {
    const pipeline = fresh();
    const viewer = caller(identity({ userId: "v1" }));
    const first = await pipeline.admit(viewer, "http");
    expect(first).toMatchObject({ context: { rateAccount: { principal: "user:v1", policy: settings.VIEWER } } });
    expect(first.refusal ? "" : first.headers.RateLimit).toMatch(/^"requests";r=1;t=\d+, "cost";r=100;t=\d+$/);
    await pipeline.admit(viewer, "ws");
    const third = await pipeline.admit(viewer, "sse");
    expect(third.refusal).toMatchObject({ status: 429, error: { extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } } });
    expect(third.refusal?.headers["Retry-After"]).toMatch(/^\d+$/);
    // Another user, and an anonymous caller (by address), have budgets of their own.
    expect((await pipeline.admit(caller(identity({ userId: "v2" })), "http")).refusal).toBeUndefined();
    expect((await pipeline.admit(caller(null, "10.9.9.9"), "http")).refusal).toBeUndefined();
  });

  it("charges a query's estimated cost (not a subscription's) and refuses one over the cost budget", async () => {
    const pipeline = fresh();
    const admission = await pipeline.admit(caller(identity({ userId: "c1" })), "http");
    if (admission.refusal) throw new Error("refused");
    const context = { identity: identity({ userId: "c1" }), ...admission.context, cost: { estimated: 60 } };
    expect(await codeOf(pipeline.operation(event(parse("subscription { s }"), context.identity, "subscription", context)))).toBe("admitted");
    expect(await codeOf(pipeline.operation(event(parse("{ hello }"), context.identity, "query", context)))).toBe("admitted");
    const headers: Record<string, string> = {};
    pipeline.result({ ...event(parse("{ hello }"), null, "query", context), result: {}, setHeader: (name, value) => (headers[name] = value) });
    expect(headers.ratelimit).toContain('"cost";r=40');
    expect(await codeOf(pipeline.operation(event(parse("{ hello }"), context.identity, "query", context)))).toBe("RATE_LIMITED");
  });
});

describe("useTrustedDocuments", () => {
  const pipeline = createPipeline([useTrustedDocuments(null, logger)]);
  const key = identity({ kind: "api-key", role: "PARTNER", partnerId: "p1", apiKeyId: "k1", registeredOperationsOnly: true });

  it("refuses a registered-only key on a socket or stream (FORBIDDEN), leaving HTTP to the hash lookup", async () => {
    expect((await pipeline.admit(caller(key), "ws")).refusal).toMatchObject({ status: 403, error: { extensions: { code: "FORBIDDEN" } } });
    expect((await pipeline.admit(caller(key), "sse")).refusal?.error.extensions.code).toBe("FORBIDDEN");
    expect((await pipeline.admit(caller(key), "http")).refusal).toBeUndefined();
    expect((await pipeline.admit(caller(identity({ kind: "api-key", role: "PARTNER", partnerId: "p1" })), "ws")).refusal).toBeUndefined();
    expect(pipeline.httpHandlers).toEqual([]);
    expect(createPipeline([useTrustedDocuments(async () => null, logger)]).httpHandlers).toHaveLength(1);
  });
});

describe("useIntrospectionPolicy", () => {
  const pipeline = createPipeline([useIntrospectionPolicy()]);
  const check = (query: string, who: Identity | null) => codeOf(pipeline.operation(event(parse(query), who)));

  it("refuses __schema and __type, even from a fragment, to anyone but staff and schema:read keys", async () => {
    expect(await check("{ __schema { queryType { name } } }", null)).toBe("FORBIDDEN");
    expect(await check(`{ ...F } fragment F on Query { __type(name: "Node") { name } }`, identity({ role: "PARTNER", partnerId: "p" }))).toBe("FORBIDDEN");
    expect(await check("{ __schema { queryType { name } } }", identity({ kind: "api-key", role: "PARTNER", partnerId: "p" }))).toBe("FORBIDDEN");
    expect(await check("{ __typename hello }", null)).toBe("admitted");
    expect(await check("{ __schema { queryType { name } } }", identity({ role: "ADMIN" }))).toBe("admitted");
    expect(await check("{ __schema { queryType { name } } }", identity({ role: "VIEWER" }))).toBe("admitted");
    expect(await check("{ __schema { queryType { name } } }", identity({ kind: "api-key", role: "PARTNER", partnerId: "p", scopes: ["schema:read"] }))).toBe("admitted");
  });
});

describe("useOperationLimits", () => {
  const deep = parse("{ node { child { child { child { id } } } } }");

  it("gives validation rules refusing what is too deep, and the token limit, to every transport", () => {
    const pipeline = createPipeline([useOperationLimits({ ...DEFAULT_LIMITS, maxDepth: 3 })]);
    expect(pipeline.maxTokens).toBe(DEFAULT_LIMITS.maxTokens);
    const errors = validate(schema, deep, [...specifiedRules, ...pipeline.validationRules]);
    expect(errors.map((e) => e.message).join()).toMatch(/depth/i);
    expect(validate(schema, parse("{ node { child { id } } }"), [...specifiedRules, ...pipeline.validationRules])).toEqual([]);
  });

  it("hides field suggestions in production only", () => {
    const [error] = validate(schema, parse("{ helo }"), specifiedRules);
    const masked = (production: boolean) => createPipeline([useOperationLimits(DEFAULT_LIMITS, production)]).maskMessage(String(error?.message));
    expect(masked(false)).toMatch(/Did you mean "hello"\?/);
    expect(masked(true)).toBe('Cannot query field "helo" on type "Query". [Suggestion hidden]?');
  });
});

describe("useErrorMasking", () => {
  it("keeps domain codes and masks anything else, on results and on stream events alike", () => {
    const pipeline = createPipeline([useErrorMasking(logger)]);
    const internal = new Error("connect ECONNREFUSED 10.0.0.5:5432");
    expect(pipeline.formatError({ message: internal.message }, internal)).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    expect(pipeline.formatError({ message: "no", extensions: { code: "FORBIDDEN" } }, null)).toEqual({ message: "no", extensions: { code: "FORBIDDEN" } });
    expect(pipeline.formatErrors([internal, new GraphQLError("gone", { extensions: { code: "NOT_FOUND" } })])).toEqual([
      { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } },
      { message: "gone", extensions: { code: "NOT_FOUND" } },
    ]);
  });
});
