import { MAX_ACCESS_TOKEN_TTL_SECONDS } from "./token-lifetime.ts";
import type { Identity } from "./roles.ts";

/**
 * A revocation: every access token of a user (disabled, password changed), of one login session
 * (logout, refresh-token reuse) or of one API key (revoked) issued before `at` is refused.
 */
export interface Revocation {
  kind: "user" | "session" | "api-key";
  id: string;
  /** Epoch milliseconds: tokens issued before then are revoked. */
  at: number;
}

/** How revocations reach the other processes (and arrive from them). */
export interface RevocationTransport {
  /** Starts delivering revocations published anywhere (including those still retained from before). */
  start(deliver: (revocation: Revocation) => void): Promise<void>;
  publish(revocation: Revocation): Promise<void>;
  close(): Promise<void>;
}

export const isRevocation = (value: unknown): value is Revocation => {
  const r = value as Revocation | null;
  return !!r && ["user", "session", "api-key"].includes(r.kind) && typeof r.id === "string" && typeof r.at === "number";
};

/** Whether a revocation ends a token of this identity. */
export function revokes(revocation: Revocation, identity: Identity): boolean {
  // A token without an issue time (not one of ours) counts as issued long ago.
  const issuedBefore = (identity.issuedAt?.getTime() ?? 0) < revocation.at;
  switch (revocation.kind) {
    case "user":
      return identity.userId === revocation.id && issuedBefore;
    case "session":
      return identity.sessionId === revocation.id;
    case "api-key":
      return identity.apiKeyId === revocation.id;
  }
}

const keyOf = (r: Pick<Revocation, "kind" | "id">) => `${r.kind}:${r.id}`;

/**
 * The revocations of the last access-token lifetime, in memory, fed by a transport (none: this
 * process only, which is what `npm start` shares between the users service and the gateway).
 * Entries older than a token can live are dropped: every token they could end has expired.
 */
export class RevocationList {
  private readonly entries = new Map<string, Revocation>();
  private readonly listeners = new Set<(revocation: Revocation) => void>();
  private readonly retainMs: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly transport: RevocationTransport | null = null, options: { retainMs?: number } = {}) {
    // A little longer than the longest token, for clocks a few seconds apart.
    this.retainMs = options.retainMs ?? (MAX_ACCESS_TOKEN_TTL_SECONDS + 60) * 1000;
    this.timer = setInterval(() => this.prune(), 60_000);
    this.timer.unref();
  }

  /** Connects the transport; revocations retained there are applied before this resolves. */
  async start(): Promise<this> {
    await this.transport?.start((revocation) => this.apply(revocation));
    return this;
  }

  /** Records a revocation here and publishes it to every other process. */
  async revoke(kind: Revocation["kind"], id: string, at = Date.now()): Promise<Revocation> {
    const revocation: Revocation = { kind, id, at };
    this.apply(revocation);
    await this.transport?.publish(revocation);
    return revocation;
  }

  isRevoked(identity: Identity): boolean {
    const candidates = [
      this.entries.get(keyOf({ kind: "user", id: identity.userId })),
      identity.sessionId ? this.entries.get(keyOf({ kind: "session", id: identity.sessionId })) : undefined,
      identity.apiKeyId ? this.entries.get(keyOf({ kind: "api-key", id: identity.apiKeyId })) : undefined,
    ];
    return candidates.some((r) => r !== undefined && revokes(r, identity));
  }

  /** Calls back on every revocation (local or from elsewhere), e.g. to close open sockets; returns the unsubscribe. */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.listeners.clear();
    await this.transport?.close();
  }

  private apply(revocation: Revocation): void {
    if (revocation.at < Date.now() - this.retainMs) return;
    const key = keyOf(revocation);
    const known = this.entries.get(key);
    // The latest revocation of a subject covers every earlier one.
    if (known && known.at >= revocation.at) return;
    this.entries.set(key, revocation);
    for (const listener of this.listeners) listener(revocation);
  }

  private prune(): void {
    const oldest = Date.now() - this.retainMs;
    for (const [key, r] of this.entries) if (r.at < oldest) this.entries.delete(key);
  }
}
