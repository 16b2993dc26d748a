import { clientKey } from "./planner-aliases.ts";
import type { SubgraphError } from "./subgraph-client.ts";

export type ResponsePath = (string | number)[];

export interface ExecutionError {
  message: string;
  path?: ResponsePath;
  extensions?: Record<string, unknown>;
}

const keyOf = (path: readonly (string | number)[], length = path.length) => {
  let key = "";
  for (let i = 0; i < length; i++) key += `${path[i]}\u0000`;
  return key;
};

/**
 * The errors of one execution, indexed by path so that shaping does not add a "Cannot return null"
 * error where a subgraph already reported why the value is missing (at that path, below it, or at an
 * entity above it whose fetch failed).
 */
export class ErrorSink {
  readonly list: ExecutionError[] = [];
  private readonly covered = new Set<string>();
  private readonly exact = new Set<string>();

  add(error: ExecutionError): void {
    if (error.path) error.path = error.path.map((p) => (typeof p === "string" ? clientKey(p) : p));
    this.list.push(error);
    if (error.path) this.cover(error.path);
  }

  /** Marks a path as explained by an error without adding one (the entities of a failed fetch). */
  cover(raw: readonly (string | number)[]): void {
    const path = raw.map((p) => (typeof p === "string" ? clientKey(p) : p));
    this.exact.add(keyOf(path));
    for (let i = 0; i <= path.length; i++) this.covered.add(keyOf(path, i));
  }

  /** Whether an error explains a missing value at this path. */
  explains(path: readonly (string | number)[]): boolean {
    if (this.covered.has(keyOf(path))) return true;
    for (let i = path.length - 1; i >= 0; i--) if (this.exact.has(keyOf(path, i))) return true;
    return false;
  }
}

/** A subgraph's error as the client sees it: its message and extensions, the subgraph named, re-pathed. */
export function fromSubgraph(error: SubgraphError, subgraph: string, path: ResponsePath | undefined): ExecutionError {
  const extensions: Record<string, unknown> = { ...(error.extensions ?? {}), serviceName: subgraph };
  if (!extensions.code) extensions.code = "DOWNSTREAM_SERVICE_ERROR";
  const message = typeof error.message === "string" && error.message ? error.message : `Error while fetching from subgraph ${subgraph}`;
  return path ? { message, path, extensions } : { message, extensions };
}
