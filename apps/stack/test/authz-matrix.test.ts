import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_SCOPES, ROLES, verifyToken, type Identity } from "@floorgraph/auth";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { grantsOf, loadAuthorization, type Requirement } from "@floorgraph/gateway";
import { readCommittedSupergraph } from "@floorgraph/schema";
import { gql, sseSubscribe, TEST_JWT, wsClient, type TestSocket } from "@floorgraph/testing";
import type { GraphQLField, GraphQLNamedType, GraphQLObjectType, GraphQLSchema } from "graphql";
import { startTestStack, waitForQuiet, type TestStack } from "./harness.ts";

// The authorization matrix: every field of the committed supergraph that carries a requirement (its
// own, or its type's) is asked for by every caller — anonymous, each role's demo login, and API keys
// of each scope and of all scopes. A caller lacking the requirement gets null and a refusal from the
// gateway at that field's path; a caller having it gets no refusal. The cases come from the
// supergraph, so a newly annotated field is covered without touching this file.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");
const { getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType } = graphql;

const { requirements, schema } = loadAuthorization(readCommittedSupergraph());

/** Refusals a subgraph may add for a caller the schema lets through: row-level rules no directive can state. */
// staff may list partners, only ADMIN and the partner's own users their keys (and its own callers its registered operations)
const ROW_LEVEL = new Set(["Partner.apiKeys", "Partner.persistedOperations"]);

interface Case {
  type: string;
  field: string;
  coordinate: string;
  requirements: Requirement[];
  root: "query" | "mutation" | "subscription" | null;
}

const fieldsOf = (type: GraphQLNamedType) => (isObjectType(type) ? Object.values((type as GraphQLObjectType).getFields()) : []);
const requirementsOf = (type: GraphQLNamedType, field: GraphQLField<unknown, unknown>) =>
  [requirements.fields.get(`${type.name}.${field.name}`), requirements.types.get(getNamedType(field.type).name)].filter((r): r is Requirement => !!r);

function casesOf(api: GraphQLSchema): Case[] {
  const roots = new Map<string, Case["root"]>([
    [api.getQueryType()?.name ?? "", "query"],
    [api.getMutationType()?.name ?? "", "mutation"],
    [api.getSubscriptionType()?.name ?? "", "subscription"],
  ]);
  return Object.values(api.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith("__"))
    .flatMap((type) =>
      fieldsOf(type).flatMap((field) => {
        const found = requirementsOf(type, field);
        return found.length ? [{ type: type.name, field: field.name, coordinate: `${type.name}.${field.name}`, requirements: found, root: roots.get(type.name) ?? null }] : [];
      }),
    );
}
const CASES = casesOf(schema);

type Grants = ReturnType<typeof grantsOf>;
/** The directives' rules, stated again here: each application must hold; alternatives OR, sets AND. */
const meets = (grants: Grants, found: Requirement[]) =>
  found.every(
    (r) =>
      (!r.authenticated || grants.authenticated) &&
      r.scopes.every((alternatives) => alternatives.some((set) => set.every((s) => grants.scopes.has(s)))) &&
      r.policies.every((alternatives) => alternatives.some((set) => set.every((p) => grants.policy(p)))),
  );

/** A literal for an argument, enough to pass validation (a subgraph then refuses it as bad input or not found). */
function literal(type: import("graphql").GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return "[]";
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(", ")} }`;
  }
  if (isScalarType(type)) {
    if (type.name === "ID") return `"00000000-0000-4000-8000-000000000000"`;
    if (type.name === "Int" || type.name === "Float") return "0";
    if (type.name === "Boolean") return "false";
  }
  return `""`;
}
const argumentsOf = (field: GraphQLField<unknown, unknown>) => {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  return required.length ? `(${required.map((a) => `${a.name}: ${literal(a.type)}`).join(", ")})` : "";
};

interface Caller {
  name: string;
  token?: string;
  grants: Grants;
  /** Up to three paths (field names from Query, each allowed to this caller) to every object type it can reach. */
  paths: Map<string, string[][]>;
  socket?: TestSocket;
}

function pathsFor(grants: Grants): Map<string, string[][]> {
  const query = schema.getQueryType()!;
  const paths = new Map<string, string[][]>([[query.name, [[]]]]);
  let frontier: [GraphQLNamedType, string[]][] = [[query, []]];
  for (let depth = 0; depth < 4 && frontier.length; depth++) {
    const next: [GraphQLNamedType, string[]][] = [];
    for (const [type, path] of frontier) {
      for (const field of fieldsOf(type)) {
        const target = getNamedType(field.type);
        if (!isObjectType(target) || argumentsOf(field) || !meets(grants, requirementsOf(type, field))) continue;
        const known = paths.get(target.name) ?? [];
        if (known.length >= 3) continue;
        paths.set(target.name, [...known, [...path, field.name]]);
        next.push([target, [...path, field.name]]);
      }
    }
    frontier = next;
  }
  return paths;
}

const operationFor = (c: Case, path: string[]) => {
  const field = (schema.getType(c.type) as GraphQLObjectType).getFields()[c.field]!;
  const selection = isObjectType(getNamedType(field.type)) ? " { __typename }" : "";
  const inner = `${c.field}${argumentsOf(field)}${selection}`;
  // __typename beside the target keeps each parent in the operation when the target alone is removed.
  return `${c.root ?? "query"} { ${path.reduceRight((acc, name) => `${name} { __typename ${acc} }`, inner)} }`;
};

interface ErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}
const keyPath = (e: ErrorShape) => (e.path ?? []).filter((p) => typeof p === "string").join(".");
const refusedByGateway = (e: ErrorShape) => e.message.startsWith("Not authorized for");

/** How many objects the response holds at the end of `path` (the parents the target field would sit in). */
function parentsAt(data: unknown, path: string[]): number {
  if (Array.isArray(data)) return data.reduce((n: number, item) => n + parentsAt(item, path), 0);
  if (data === null || typeof data !== "object") return 0;
  if (!path.length) return 1;
  return parentsAt((data as Record<string, unknown>)[path[0]!], path.slice(1));
}

let stack: TestStack;
const callers: Caller[] = [];
/** What each case was seen to do: refused for a caller lacking its requirement, answered for one having it. */
const seen = new Map<string, { refused: boolean; allowed: boolean }>();
const mark = (c: Case, what: "refused" | "allowed") => {
  const entry = seen.get(c.coordinate) ?? { refused: false, allowed: false };
  entry[what] = true;
  seen.set(c.coordinate, entry);
};

beforeAll(async () => {
  // Authorization alone is under test: every generated path reaches its field through lists, which
  // demand control would price (and refuse) before the authorizer has its say, and the hundreds of
  // requests would meet the rate limits. Both have suites of their own (abuse-cost, access-limits).
  const unlimited = Number.MAX_SAFE_INTEGER;
  stack = await startTestStack({ gatewayLimits: { costBudgets: { anonymous: unlimited, user: unlimited, apiKey: unlimited } }, gatewayAccess: { rateLimits: null } });
  const identityOf = (token: string): Promise<Identity> => verifyToken(token, TEST_JWT);
  const add = async (name: string, token?: string) => {
    const grants = grantsOf(token ? await identityOf(token) : null);
    callers.push({ name, token, grants, paths: pathsFor(grants) });
  };
  await add("anonymous");
  const tokens: Record<string, string> = {};
  for (const role of ROLES) {
    const login = await gql(stack.url, `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: `${role.toLowerCase()}@floorgraph.dev`, p: DEMO_PASSWORD });
    expect(login.errors).toBeUndefined();
    tokens[role] = login.data?.login.token;
    await add(role, tokens[role]);
  }
  // An order of its own, so that there are waves and pick tasks to read (the demo data has none open).
  const placed = await gql(
    stack.url,
    `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
    { input: { idempotencyKey: "authz-matrix", lines: [{ skuCode: "SKU-00002", quantity: 1 }] } },
    tokens.ADMIN,
  );
  expect(placed.errors).toBeUndefined();
  await waitForQuiet(stack);
  const partner = await gql(stack.url, `{ me { partner { id } } }`, {}, tokens.PARTNER);
  const partnerId = partner.data?.me.partner.id as string;
  expect(partnerId).toBeTruthy();
  for (const scopes of [...API_KEY_SCOPES.map((s) => [s]), [...API_KEY_SCOPES]]) {
    const created = await gql(
      stack.url,
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
      { input: { partnerId, name: `matrix ${scopes.join(" ")}`, scopes } },
      tokens.ADMIN,
    );
    expect(created.errors).toBeUndefined();
    const exchanged = await gql(stack.url, `mutation ($key: String!) { authenticateApiKey(key: $key) { token } }`, { key: created.data?.createApiKey.secret });
    expect(exchanged.errors).toBeUndefined();
    await add(`API key [${scopes.join(", ")}]`, exchanged.data?.authenticateApiKey.token);
  }
}, 300_000);
afterAll(async () => {
  await Promise.all(callers.map((c) => c.socket?.dispose()));
  await stack?.stopAll();
});

async function checkQuery(c: Case, caller: Caller): Promise<void> {
  const allowed = meets(caller.grants, c.requirements);
  const paths = c.root ? [[]] : (caller.paths.get(c.type) ?? []);
  for (const path of paths) {
    const res = await gql(stack.url, operationFor(c, path), {}, caller.token);
    const errors = (res.errors ?? []) as ErrorShape[];
    const at = [...path, c.field].join(".");
    const label = `${caller.name} ${c.root ?? "query"} ${at}`;
    const reached = c.root ? 1 : parentsAt(res.data, path);
    if (allowed) {
      expect(errors.filter(refusedByGateway), label).toEqual([]);
      if (!ROW_LEVEL.has(c.coordinate)) {
        const refusedBelow = errors.filter((e) => ["FORBIDDEN", "UNAUTHENTICATED"].includes(e.extensions?.code ?? "") && keyPath(e).startsWith(at));
        expect(refusedBelow, `${label}: a subgraph refuses what the schema allows`).toEqual([]);
      }
      if (reached) return mark(c, "allowed");
    } else {
      const refusal = errors.find((e) => keyPath(e) === at && refusedByGateway(e));
      if (refusal) {
        expect(refusal.extensions?.code, label).toBe(caller.token ? "FORBIDDEN" : "UNAUTHENTICATED");
        expect(parentsAt(res.data, [...path, c.field].slice(0, -1)) === 0 || valuesAt(res.data, [...path, c.field]).every((v) => v === null), label).toBe(true);
        return mark(c, "refused");
      }
      expect(reached, `${label}: no refusal although the field was reached`).toBe(0);
    }
  }
}

function valuesAt(data: unknown, path: string[]): unknown[] {
  if (Array.isArray(data)) return data.flatMap((item) => valuesAt(item, path));
  if (data === null || typeof data !== "object") return [];
  const value = (data as Record<string, unknown>)[path[0]!];
  return path.length === 1 ? [value] : valuesAt(value, path.slice(1));
}

async function checkSubscription(c: Case, caller: Caller): Promise<void> {
  caller.socket ??= wsClient(stack.url, caller.token);
  const subscription = caller.socket.subscribe(operationFor(c, []));
  try {
    const first = await subscription.next(undefined, 1500).catch(() => null);
    const errors = ((first?.errors ?? []) as ErrorShape[]).filter(refusedByGateway);
    if (meets(caller.grants, c.requirements)) {
      expect(errors, `${caller.name} subscription ${c.field}`).toEqual([]);
      mark(c, "allowed");
    } else {
      expect(errors.map((e) => [keyPath(e), e.extensions?.code]), `${caller.name} subscription ${c.field}`).toEqual([[c.field, caller.token ? "FORBIDDEN" : "UNAUTHENTICATED"]]);
      mark(c, "refused");
    }
  } finally {
    subscription.stop();
  }
}

describe("authorization matrix from the supergraph's directives", () => {
  it("finds the annotated fields in the committed supergraph", () => {
    expect(CASES.length).toBeGreaterThan(50);
    for (const coordinate of ["Query.orders", "Mutation.placeOrder", "Query.users", "Order.pickTasks", "Subscription.conveyorChanged", "Sku.totalAvailable"]) {
      expect(CASES.map((c) => c.coordinate)).toContain(coordinate);
    }
  });

  for (const c of CASES) {
    it(`${c.coordinate}: refused to callers lacking ${JSON.stringify(c.requirements.map((r) => [r.authenticated ? "authenticated" : null, ...r.scopes, ...r.policies].filter(Boolean)))}`, async () => {
      if (c.root === "subscription") {
        for (const caller of callers) await checkSubscription(c, caller);
        return;
      }
      await Promise.all(callers.map((caller) => checkQuery(c, caller)));
    }, 120_000);
  }

  it("refuses over SSE and to queries sent over a WebSocket as over HTTP", async () => {
    const partner = callers.find((c) => c.name === "PARTNER")!;
    const sse = sseSubscribe(stack.url, `subscription { robotChanged { id } }`, {}, partner.token);
    try {
      expect((await sse.next()).errors).toMatchObject([{ path: ["robotChanged"], extensions: { code: "FORBIDDEN" }, message: expect.stringMatching(/^Not authorized for/) }]);
    } finally {
      sse.stop();
    }
    partner.socket ??= wsClient(stack.url, partner.token);
    const query = partner.socket.subscribe(`{ me { id } conveyor(id: "CV-INB-01") { id } }`);
    const answer = await query.next();
    expect(answer.data).toEqual({ me: { id: expect.any(String) }, conveyor: null });
    expect(answer.errors).toMatchObject([{ path: ["conveyor"], extensions: { code: "FORBIDDEN" } }]);
  });

  it("saw every annotated field refused to a caller lacking it and answered to a caller having it", () => {
    const unseen = CASES.flatMap((c) => {
      const entry = seen.get(c.coordinate);
      // A caller can only be refused a field whose parent it reaches: a requirement every path to it
      // already implies (a Zone under a staff-only Conveyor) is refused at the path instead.
      const someLack = callers.some((caller) => !meets(caller.grants, c.requirements) && (c.root || caller.paths.has(c.type)));
      const someHave = callers.some((caller) => meets(caller.grants, c.requirements));
      return [...(someLack && !entry?.refused ? [`${c.coordinate} never refused`] : []), ...(someHave && !entry?.allowed ? [`${c.coordinate} never answered`] : [])];
    });
    expect(unseen).toEqual([]);
  });
});
