import type { FetchNode, PlanNode } from "@apollo/query-planner";
import { fetch, flatten, type RunContext, type Spot } from "./plan-runner.ts";
import type { Obj } from "./tree.ts";

/** A fetch with the Flatten paths above it, from the root of the response. */
interface Task {
  fetch: FetchNode;
  path: readonly (string | number)[];
}

/**
 * Runs a plan stage by stage: a fetch's stage is one more than that of the fetch before it in its
 * Sequence, the branches of a Parallel start at the same stage, and a node after a Parallel waits
 * for its longest branch. Every fetch of a stage has what it needs once the stages before it are
 * done, so the stage's fetches run together and those to one subgraph go out as one request —
 * fewer requests than walking each branch on its own, at the price of waiting, at each stage, for
 * the stage's slowest fetch.
 */
export async function runPlanByStages(node: PlanNode, tree: Obj, ctx: RunContext): Promise<void> {
  const stages: Task[][] = [];
  schedule(node, 0, [], ctx.variables, stages);
  const root: Spot[] = [{ obj: tree, at: null }];
  for (const stage of stages) {
    if (!stage?.length) continue;
    const perSubgraph = new Map<string, number>();
    for (const t of stage) perSubgraph.set(t.fetch.serviceName, (perSubgraph.get(t.fetch.serviceName) ?? 0) + 1);
    // Spots first for all (the tree does not change until the stage's answers arrive), then the fetches.
    const spots = stage.map((t) => flatten(root, t.path, ctx.supergraphSchema));
    await Promise.all(stage.map((t, i) => fetch(t.fetch, spots[i]!, ctx, perSubgraph.get(t.fetch.serviceName)! > 1)));
  }
}

/** Places the fetches of `node` into stages from `stage` on; the first stage free after it. */
function schedule(node: PlanNode, stage: number, path: readonly (string | number)[], variables: Record<string, unknown>, stages: Task[][]): number {
  switch (node.kind) {
    case "Fetch":
      (stages[stage] ??= []).push({ fetch: node, path });
      return stage + 1;
    case "Flatten":
      return schedule(node.node, stage, [...path, ...node.path], variables, stages);
    case "Sequence": {
      let next = stage;
      for (const child of node.nodes) next = schedule(child, next, path, variables, stages);
      return next;
    }
    case "Parallel":
      return Math.max(stage, ...node.nodes.map((child) => schedule(child, stage, path, variables, stages)));
    case "Condition": {
      const branch = variables[node.condition] === true ? node.ifClause : node.elseClause;
      return branch ? schedule(branch, stage, path, variables, stages) : stage;
    }
    case "Defer": {
      // Without incremental delivery: the primary part, then every deferred part.
      const next = node.primary.node ? schedule(node.primary.node, stage, path, variables, stages) : stage;
      return Math.max(next, ...node.deferred.map((d) => (d.node ? schedule(d.node, next, path, variables, stages) : next)));
    }
  }
}
