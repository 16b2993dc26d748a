import { Pool } from "undici";

/** What a subgraph answered, parsed: a GraphQL response or a transport failure. */
export interface SubgraphResponse {
  data?: Record<string, unknown> | null;
  errors?: SubgraphError[];
}

export interface SubgraphError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface SubgraphClientOptions {
  /** Milliseconds one subgraph request may take (headers and body); 30 s by default. */
  timeoutMs?: number;
  /** Keep-alive connections per subgraph origin; 64 by default. */
  connections?: number;
  /** Identical requests in flight at once share one; true by default. */
  dedup?: boolean;
  /** A subgraph answer larger than this is cut off while it arrives (RESPONSE_TOO_LARGE); unlimited by default. */
  maxResponseBytes?: number;
}

export interface SubgraphRequest {
  subgraph: string;
  url: string;
  /** The JSON body, already serialised (it is also the deduplication key). */
  body: string;
  headers: Record<string, string>;
  /** Requests are only shared between callers with the same key (the caller's identity). */
  scopeKey: string;
  /** Mutations are never shared. */
  shareable: boolean;
  /** The caller gave up: its request is aborted (a shared one once every caller sharing it gave up). */
  signal?: AbortSignal | undefined;
}

/** A request in flight, shared by the callers that joined it; aborted when the last of them leaves. */
interface Shared {
  answer: Promise<string | SubgraphResponse>;
  controller: AbortController;
  callers: number;
}

const unavailable = (subgraph: string, reason: string): SubgraphResponse => ({
  errors: [{ message: `Subgraph ${subgraph} is unavailable: ${reason}`, extensions: { code: "UNAVAILABLE", serviceName: subgraph } }],
});

const tooLarge = (subgraph: string): SubgraphResponse => ({
  errors: [{ message: `The ${subgraph} service's answer is larger than the gateway accepts; ask for fewer items or fields`, extensions: { code: "RESPONSE_TOO_LARGE", serviceName: subgraph } }],
});

/**
 * HTTP to subgraphs: one keep-alive undici Pool per origin, the body read as text once. Identical
 * requests in flight share the response text, and each caller parses its own copy because results
 * are merged into the caller's response tree in place.
 */
export class SubgraphClient {
  private readonly pools = new Map<string, Pool>();
  private readonly inflight = new Map<string, Shared>();
  private readonly timeoutMs: number;
  private readonly connections: number;
  private readonly dedup: boolean;
  /** Requests actually sent (for tests and metrics). */
  sent = 0;
  /** Requests answered by another caller's request in flight. */
  shared = 0;

  constructor(options: SubgraphClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.connections = options.connections ?? 64;
    this.dedup = options.dedup ?? true;
    this.maxResponseBytes = options.maxResponseBytes ?? -1;
  }
  private readonly maxResponseBytes: number;

  async send(request: SubgraphRequest): Promise<SubgraphResponse> {
    if (!this.dedup || !request.shareable) return parse(request.subgraph, await this.post(request, request.signal));
    const key = `${request.url}\u0000${request.scopeKey}\u0000${request.body}`;
    let shared = this.inflight.get(key);
    if (shared) this.shared++;
    else {
      const controller = new AbortController();
      const entry: Shared = { controller, callers: 0, answer: this.post(request, controller.signal).finally(() => this.inflight.delete(key)) };
      this.inflight.set(key, (shared = entry));
    }
    const joined = shared;
    joined.callers++;
    // One caller giving up must not fail the others: the request is aborted when none is left.
    const leave = () => {
      if (--joined.callers === 0) {
        this.inflight.delete(key);
        joined.controller.abort(request.signal?.reason);
      }
    };
    if (request.signal?.aborted) leave();
    else request.signal?.addEventListener("abort", leave, { once: true });
    try {
      return parse(request.subgraph, await joined.answer);
    } finally {
      request.signal?.removeEventListener("abort", leave);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }

  /** The response text, or an UNAVAILABLE response when the subgraph could not be reached in time. */
  private async post(request: SubgraphRequest, signal: AbortSignal | undefined): Promise<string | SubgraphResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return unavailable(request.subgraph, "no valid URL");
    }
    let pool = this.pools.get(url.origin);
    if (!pool) this.pools.set(url.origin, (pool = new Pool(url.origin, { connections: this.connections, pipelining: 1, maxResponseSize: this.maxResponseBytes })));
    this.sent++;
    try {
      const response = await pool.request({
        path: url.pathname + url.search,
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...request.headers },
        body: request.body,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) return text;
      // A GraphQL server may answer errors with a 4xx/5xx and a GraphQL body: keep its errors.
      const parsed = tryParse(text);
      if (parsed && (parsed.errors || parsed.data !== undefined)) return parsed;
      return unavailable(request.subgraph, `HTTP ${response.statusCode}`);
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") return tooLarge(request.subgraph);
      if (signal?.aborted) return unavailable(request.subgraph, "the operation was abandoned");
      return unavailable(request.subgraph, code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" ? "timed out" : "connection failed");
    }
  }
}

function tryParse(text: string): SubgraphResponse | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as SubgraphResponse) : null;
  } catch {
    return null;
  }
}

function parse(subgraph: string, answer: string | SubgraphResponse): SubgraphResponse {
  if (typeof answer !== "string") return structuredClone(answer);
  return tryParse(answer) ?? unavailable(subgraph, "the response was not JSON");
}
