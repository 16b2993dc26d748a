import type { IncomingMessage, ServerResponse } from "node:http";

/** One dependency's check: resolves (optionally with details) when it answers, throws when not. */
export type ReadinessCheck = () => unknown | Promise<unknown>;

export interface CheckState {
  status: "up" | "down";
  /** Why it is down (a short message; never a stack). */
  error?: string;
  details?: unknown;
}

export interface ReadinessReport {
  status: "ok" | "unavailable";
  service: string;
  checks: Record<string, CheckState>;
}

/** A check that has not answered within this long counts as down. */
export const CHECK_TIMEOUT_MS = 2_000;

/**
 * What /health/ready runs: every named check at once, each with a deadline. Ready only when all are
 * up. Checks can be added after the server is built (the bus and the PLC session are known later).
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private last: { at: number; report: Promise<ReadinessReport> } | null = null;

  /**
   * `cacheMs`: a report is reused for this long (and callers arriving meanwhile share one run), so
   * probes hammering an open /health/ready cannot multiply into dependency checks.
   */
  constructor(
    readonly service: string,
    private readonly options: { timeoutMs?: number; cacheMs?: number } = {},
  ) {}

  add(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    this.last = null;
    return this;
  }

  remove(name: string): this {
    this.checks.delete(name);
    this.last = null;
    return this;
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  report(): Promise<ReadinessReport> {
    const now = performance.now();
    if (this.last && now - this.last.at < (this.options.cacheMs ?? 0)) return this.last.report;
    const report = this.run();
    this.last = { at: now, report };
    return report;
  }

  private async run(): Promise<ReadinessReport> {
    const timeoutMs = this.options.timeoutMs ?? CHECK_TIMEOUT_MS;
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]): Promise<[string, CheckState]> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          const details = await Promise.race([
            Promise.resolve().then(check),
            new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
          ]);
          return [name, details === undefined ? { status: "up" } : { status: "up", details }];
        } catch (error) {
          return [name, { status: "down", error: error instanceof Error ? error.message.split("\n")[0]?.slice(0, 200) : String(error) }];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, state]) => state.status === "up");
    return { status: ready ? "ok" : "unavailable", service: this.service, checks };
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(JSON.stringify(body));
}

/** /health/live: the process serves HTTP (restart it when this fails); it checks nothing else. */
export function liveHandler(service: string) {
  return (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { status: "ok", service });
}

/** /health/ready (and /health): 200 with each check's state when ready, 503 with the same body when not. */
export function readyHandler(readiness: Readiness) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    const report = await readiness.report();
    json(res, report.status === "ok" ? 200 : 503, report);
  };
}
