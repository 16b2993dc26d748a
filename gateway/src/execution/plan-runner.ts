import type { FetchNode, PlanNode } from "@apollo/query-planner";
import type { GraphQLSchema } from "graphql";
import type { Batcher } from "./batcher.ts";
import { fromSubgraph, type ErrorSink, type ResponsePath } from "./errors.ts";
import type { SubgraphResponse } from "./subgraph-client.ts";
import { applyRewrites, deepMerge, isObj, isObjectOfType, select, type Obj } from "./tree.ts";

/**
 * An object of the response tree a node works on, with its path in the client's response. Paths
 * are linked lists (parent + last key), made into arrays only for errors: most are never needed.
 */
export interface Spot {
  obj: Obj;
  at: PathLink | null;
}
interface PathLink {
  parent: PathLink | null;
  key: string | number;
}
const pathOf = (link: PathLink | null): ResponsePath => {
  const path: ResponsePath = [];
  for (let l = link; l; l = l.parent) path.push(l.key);
  return path.reverse();
};

export interface RunContext {
  supergraphSchema: GraphQLSchema;
  variables: Record<string, unknown>;
  batcher: Batcher;
  errors: ErrorSink;
  /** Answers fetches without a subgraph request (the event of a subscription). */
  override?: (fetch: FetchNode) => SubgraphResponse | undefined;
}


/** Walks a query plan, merging every fetch's result into `tree` in place, each fetch as soon as it can run. */
export async function runPlan(node: PlanNode, tree: Obj, ctx: RunContext): Promise<void> {
  await run(node, [{ obj: tree, at: null }], ctx, false);
}

/**
 * `parallel`: whether other fetches of this execution may be ready at the same time (inside a
 * Parallel node). Outside one, a fetch is sent at once — no waiting for others to merge with, which
 * is also the fast path of an operation one subgraph answers whole (a plan of one Fetch).
 */
async function run(node: PlanNode, spots: Spot[], ctx: RunContext, parallel: boolean): Promise<void> {
  switch (node.kind) {
    case "Sequence":
      for (const child of node.nodes) await run(child, spots, ctx, parallel);
      return;
    case "Parallel":
      await Promise.all(node.nodes.map((child) => run(child, spots, ctx, true)));
      return;
    case "Flatten":
      await run(node.node, flatten(spots, node.path, ctx.supergraphSchema), ctx, parallel);
      return;
    case "Fetch":
      await fetch(node, spots, ctx, parallel);
      return;
    case "Condition": {
      const branch = ctx.variables[node.condition] === true ? node.ifClause : node.elseClause;
      if (branch) await run(branch, spots, ctx, parallel);
      return;
    }
    case "Defer":
      // Executed without incremental delivery: the primary part, then every deferred part.
      if (node.primary.node) await run(node.primary.node, spots, ctx, parallel);
      await Promise.all(node.deferred.map((d) => (d.node ? run(d.node, spots, ctx, true) : undefined)));
      return;
  }
}

/** The objects at `path` below each spot; `@` steps into a list, `... on T` keeps objects of type T. */
export function flatten(spots: Spot[], path: readonly (string | number)[], schema: GraphQLSchema): Spot[] {
  let current = spots;
  for (const step of path) {
    const next: Spot[] = [];
    for (const spot of current) {
      if (step === "@") {
        const list = spot.obj as unknown;
        if (Array.isArray(list)) list.forEach((item, i) => pushItem(next, item, { parent: spot.at, key: i }));
      } else if (typeof step === "string" && step.startsWith("... on ")) {
        if (isObjectOfType(schema, spot.obj, step.slice(7), true)) next.push(spot);
      } else pushItem(next, (spot.obj as Obj)[step], { parent: spot.at, key: step });
    }
    current = next;
  }
  return current;
}

/** A list at a spot is carried as the spot's `obj` until the next `@` step. */
function pushItem(into: Spot[], value: unknown, at: PathLink): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) into.push({ obj: value as unknown as Obj, at });
  else if (isObj(value)) into.push({ obj: value, at });
}

function pickVariables(fetch: FetchNode, variables: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of fetch.variableUsages ?? []) if (variables[name] !== undefined) picked[name] = variables[name];
  return picked;
}

export async function fetch(fetch: FetchNode, spots: Spot[], ctx: RunContext, parallel: boolean): Promise<void> {
  const entities = spots.filter((s) => isObj(s.obj));
  if (!entities.length) return;
  const variables = pickVariables(fetch, ctx.variables);
  const request = { subgraph: fetch.serviceName, operation: fetch.operation, operationName: fetch.operationName, variables, kind: fetch.operationKind as "query", alone: !parallel };
  if (!fetch.requires) {
    const response = ctx.override?.(fetch) ?? (await ctx.batcher.fetch(request));
    for (const error of response.errors ?? []) ctx.errors.add(fromSubgraph(error, fetch.serviceName, error.path ? [...pathOf(entities[0]!.at), ...error.path] : undefined));
    if (!response.errors?.length && !isObj(response.data)) ctx.errors.add({ message: `Subgraph ${fetch.serviceName} returned no data`, extensions: { code: "DOWNSTREAM_SERVICE_ERROR", serviceName: fetch.serviceName } });
    if (!isObj(response.data)) {
      for (const e of entities) ctx.errors.cover(pathOf(e.at));
      return;
    }
    applyRewrites(ctx.supergraphSchema, fetch.outputRewrites, response.data);
    for (const e of entities) deepMerge(e.obj, response.data);
    return;
  }
  // Representations, deduplicated: each distinct one is sent once and merged into every entity it stands for.
  const representations: Obj[] = [];
  const byKey = new Map<string, number>();
  const targets: Spot[][] = [];
  for (const entity of entities) {
    const representation = select(ctx.supergraphSchema, entity.obj, fetch.requires);
    if (!representation || !representation.__typename) continue;
    applyRewrites(ctx.supergraphSchema, fetch.inputRewrites, representation);
    const key = JSON.stringify(representation);
    let index = byKey.get(key);
    if (index === undefined) {
      byKey.set(key, (index = representations.length));
      representations.push(representation);
      targets.push([]);
    }
    targets[index]!.push(entity);
  }
  if (!representations.length) return;
  const response = await ctx.batcher.fetch({ ...request, variables: { ...variables, representations } });
  for (const error of response.errors ?? []) {
    const index = error.path?.[0] === "_entities" ? error.path[1] : undefined;
    const at = typeof index === "number" ? targets[index] : undefined;
    if (at) for (const t of at) ctx.errors.add(fromSubgraph(error, fetch.serviceName, [...pathOf(t.at), ...error.path!.slice(2)]));
    else {
      // About the whole fetch (unreachable subgraph, `_entities` itself failed): it carries the
      // entity's path when there is only one, none otherwise, and explains every missing value below.
      const only = targets.length === 1 && targets[0]!.length === 1 ? pathOf(targets[0]![0]!.at) : undefined;
      ctx.errors.add(fromSubgraph(error, fetch.serviceName, only));
      for (const group of targets) for (const t of group) ctx.errors.cover(pathOf(t.at));
    }
  }
  const received = isObj(response.data) ? response.data._entities : undefined;
  if (!Array.isArray(received) || received.length !== representations.length) {
    if (!response.errors?.length) ctx.errors.add({ message: `Subgraph ${fetch.serviceName} returned no entities`, path: pathOf(entities[0]!.at), extensions: { code: "DOWNSTREAM_SERVICE_ERROR", serviceName: fetch.serviceName } });
    for (const group of targets) for (const t of group) ctx.errors.cover(pathOf(t.at));
    return;
  }
  received.forEach((value, i) => {
    if (!isObj(value)) return;
    applyRewrites(ctx.supergraphSchema, fetch.outputRewrites, value);
    for (const t of targets[i]!) {
      if (value.__typename === undefined) value.__typename = t.obj.__typename;
      deepMerge(t.obj, value);
    }
  });
}
