import { mergeOperations, prefixOf } from "./merge-fetches.ts";
import type { SubgraphClient, SubgraphError, SubgraphResponse } from "./subgraph-client.ts";

export interface FetchRequest {
  subgraph: string;
  operation: string;
  operationName?: string | undefined;
  variables: Record<string, unknown>;
  kind: "query" | "mutation" | "subscription";
  /** No other fetch of the execution can be ready now: send at once. */
  alone?: boolean;
}

export interface BatcherDeps {
  client: SubgraphClient;
  url(subgraph: string): string | undefined;
  headers(subgraph: string, body: string): Record<string, string>;
  scopeKey: string;
  /** Aborted when the operation is abandoned (its deadline, the client gone): its requests stop. */
  signal?: AbortSignal | undefined;
  merge: boolean;
  /** Wraps each subgraph request (tracing: a span, and headers that carry it); none by default. */
  aroundFetch?: AroundFetch | undefined;
}

/** Sends one subgraph request with `send`, which takes extra headers for it. */
export type AroundFetch = (subgraph: string, send: (headers: Record<string, string>) => Promise<SubgraphResponse>) => Promise<SubgraphResponse>;

interface Pending {
  request: FetchRequest;
  resolve(response: SubgraphResponse): void;
  reject(error: unknown): void;
}

/**
 * Collects the fetches of one execution that become ready in the same turn of the event loop (the
 * branches of a Parallel node, and Sequence branches that resume together) and sends the query
 * fetches to one subgraph as one request.
 */
export class Batcher {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Subgraph requests this execution made (after merging). */
  requests = 0;

  constructor(private readonly deps: BatcherDeps) {}

  fetch(request: FetchRequest): Promise<SubgraphResponse> {
    if (request.kind !== "query" || !this.deps.merge || request.alone) return this.send(request.subgraph, request.operation, request.operationName, request.variables, request.kind);
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const bySubgraph = new Map<string, Pending[]>();
    for (const pending of this.queue) {
      const group = bySubgraph.get(pending.request.subgraph);
      if (group) group.push(pending);
      else bySubgraph.set(pending.request.subgraph, [pending]);
    }
    this.queue = [];
    // A fault here (e.g. the headers hook throwing) fails the fetches instead of leaving them pending.
    for (const group of bySubgraph.values()) this.sendGroup(group).catch((error: unknown) => group.forEach((p) => p.reject(error)));
  }

  private async sendGroup(group: Pending[]): Promise<void> {
    const single = (p: Pending) => this.send(p.request.subgraph, p.request.operation, p.request.operationName, p.request.variables, "query").then(p.resolve);
    const merged = group.length > 1 ? mergeOperations(group.map((p) => p.request.operation)) : null;
    if (!merged) {
      await Promise.all(group.map(single));
      return;
    }
    const variables: Record<string, unknown> = {};
    group.forEach((p, i) => {
      for (const [name, value] of Object.entries(p.request.variables)) variables[prefixOf(i) + name] = value;
    });
    const response = await this.send(group[0]!.request.subgraph, merged.query, undefined, variables, "query");
    // A null root (a non-null root field failed in one of them) would cost the others their data:
    // then each is asked again on its own.
    if (response.data === null || response.data === undefined) {
      if (response.errors?.some((e) => e.extensions?.code === "UNAVAILABLE")) group.forEach((p) => p.resolve(response));
      else await Promise.all(group.map(single));
      return;
    }
    const parts = group.map((): SubgraphResponse => ({ data: {} }));
    for (const [key, value] of Object.entries(response.data)) {
      const i = Number(key.slice(1, key.indexOf("_", 1)));
      const part = parts[i];
      if (part?.data) part.data[key.slice(prefixOf(i).length)] = value;
    }
    for (const error of response.errors ?? []) {
      const head = error.path?.[0];
      const i = typeof head === "string" && head.startsWith("_") ? Number(head.slice(1, head.indexOf("_", 1))) : 0;
      const part = parts[i] ?? parts[0]!;
      const routed: SubgraphError = error.path && typeof head === "string" && parts[i] ? { ...error, path: [head.slice(prefixOf(i).length), ...error.path.slice(1)] } : error;
      (part.errors ??= []).push(routed);
    }
    group.forEach((p, i) => p.resolve(parts[i]!));
  }

  private async send(subgraph: string, query: string, operationName: string | undefined, variables: Record<string, unknown>, kind: FetchRequest["kind"]): Promise<SubgraphResponse> {
    const url = this.deps.url(subgraph);
    if (!url) return { errors: [{ message: `Subgraph ${subgraph} is unavailable: it has no URL`, extensions: { code: "UNAVAILABLE", serviceName: subgraph } }] };
    this.requests++;
    const body = JSON.stringify(operationName ? { query, operationName, variables } : { query, variables });
    const send = (extra: Record<string, string>) =>
      this.deps.client.send({ subgraph, url, body, headers: { ...this.deps.headers(subgraph, body), ...extra }, scopeKey: this.deps.scopeKey, shareable: kind === "query", signal: this.deps.signal });
    return this.deps.aroundFetch ? this.deps.aroundFetch(subgraph, send) : send({});
  }
}
