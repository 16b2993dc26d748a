import { createClient, type Client, type ExecutionResult } from "graphql-ws";
import WebSocket from "ws";
import { signRequestBody, socketSignaturePayload, UNSIGNED_SOCKET_REASON } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";

/** Who an upstream subscription runs as: callers with the same scope see the same data. */
export interface CallerScope {
  /** Equal for callers the subgraphs treat alike (role, organisation, API scopes). */
  key: string;
  /** A token of one of the scope's callers (the freshest is used when a socket (re)connects). */
  token: string | undefined;
  expiresAt: number;
}

export type UpstreamListener = {
  next(result: ExecutionResult): void;
  /** The subgraph ended the subscription for good (it refused it, or the scope has no valid token left). */
  error(errors: unknown): void;
  /** The subgraph completed the subscription (after answering it with errors, typically). */
  complete(): void;
};

interface SharedUpstream {
  key: string;
  listeners: Set<UpstreamListener>;
  stop: () => void;
}

interface Socket {
  client: Client;
  tokens: Map<UpstreamListener, CallerScope>;
  subscriptions: number;
}

/**
 * The gateway's graphql-ws connections to subgraphs: one socket per subgraph and caller scope, and
 * one upstream subscription per (subgraph, operation, variables, scope), however many clients share
 * it. Sockets retry forever with back-off, and graphql-ws re-subscribes after a reconnect, so a
 * subgraph restart costs subscribers a gap, not their stream.
 */
export class UpstreamPool {
  private readonly sockets = new Map<string, Socket>();
  private readonly upstreams = new Map<string, SharedUpstream>();

  constructor(
    private readonly logger: Logger,
    private readonly signingSecret: string,
  ) {}

  /** Joins (or opens) the upstream subscription; returns the function that leaves it. */
  subscribe(url: string, scope: CallerScope, query: string, variables: Record<string, unknown>, listener: UpstreamListener): () => void {
    const socketKey = `${url}#${scope.key}`;
    const key = `${socketKey}#${query}#${JSON.stringify(variables)}`;
    const socket = this.socket(socketKey, url);
    socket.tokens.set(listener, scope);
    let upstream = this.upstreams.get(key);
    if (!upstream) {
      socket.subscriptions++;
      const created: SharedUpstream = { key, listeners: new Set(), stop: () => {} };
      const open = () => {
        created.stop = socket.client.subscribe<Record<string, unknown>>(
          { query, variables },
          {
            next: (result) => created.listeners.forEach((l) => l.next(result as ExecutionResult)),
            error: (errors) => {
              // The socket's token expired (graphql-ws gives up on 4401): come back with a member's
              // fresher token if there is one; the expired members are closed by the gateway anyway.
              // A refused signature (secrets differ) is a deployment fault: retrying would only spin.
              const closed = errors as { code?: number; reason?: string };
              if (closed.code === 4401 && closed.reason === UNSIGNED_SOCKET_REASON) this.logger.error({ url }, "the subgraph refused the socket's signature (check SUBGRAPH_SIGNING_SECRETS)");
              else if (closed.code === 4401 && [...socket.tokens.values()].some((t) => t.token && t.expiresAt > Date.now() + 1000)) {
                this.logger.info({ url }, "upstream token expired; re-subscribing with a fresher one");
                return open();
              }
              this.logger.warn({ url, errors: describe(errors) }, "upstream subscription ended with an error");
              if (this.upstreams.get(key) === created) this.upstreams.delete(key);
              [...created.listeners].forEach((l) => l.error(errors));
            },
            complete: () => {
              if (this.upstreams.get(key) === created) this.upstreams.delete(key);
              [...created.listeners].forEach((l) => l.complete());
            },
          },
        );
      };
      open();
      upstream = created;
      this.upstreams.set(key, upstream);
    }
    upstream.listeners.add(listener);
    const joined = upstream;
    return () => {
      socket.tokens.delete(listener);
      if (!joined.listeners.delete(listener) || joined.listeners.size > 0) return;
      joined.stop();
      if (this.upstreams.get(key) === joined) this.upstreams.delete(key);
      if (--socket.subscriptions <= 0) {
        this.sockets.delete(socketKey);
        void socket.client.dispose();
      }
    };
  }

  /** Open upstream subscriptions and sockets (for tests and metrics). */
  stats(): { upstreamSubscriptions: number; sockets: number } {
    return { upstreamSubscriptions: this.upstreams.size, sockets: this.sockets.size };
  }

  async dispose(): Promise<void> {
    for (const u of this.upstreams.values()) u.stop();
    this.upstreams.clear();
    await Promise.all([...this.sockets.values()].map((s) => s.client.dispose()));
    this.sockets.clear();
  }

  private socket(socketKey: string, url: string): Socket {
    let socket = this.sockets.get(socketKey);
    if (socket) return socket;
    const tokens = new Map<UpstreamListener, CallerScope>();
    const client = createClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: true,
      // Stay open while subscriptions come and go; the pool disposes the socket when it empties.
      lazyCloseTimeout: 5_000,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      // Any drop but a refusal is worth retrying (a restarting subgraph above all); 4401 (expired
      // token) is handled per subscription, see subscribe().
      shouldRetry: (event) => (event as { code?: number }).code !== 4403,
      retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(100 * 2 ** retries, 2_000))),
      // Evaluated at every (re)connect, so the signature's timestamp is always fresh. The subgraph
      // verifies `signature` over socketSignaturePayload(authorization) and closes 4401 otherwise.
      connectionParams: () => {
        const freshest = [...tokens.values()].filter((s) => s.token && s.expiresAt > Date.now()).sort((a, b) => b.expiresAt - a.expiresAt)[0];
        const authorization = freshest?.token ? `Bearer ${freshest.token}` : undefined;
        return { ...(authorization ? { authorization } : {}), signature: signRequestBody(socketSignaturePayload(authorization), this.signingSecret) };
      },
      on: {
        connected: () => this.logger.debug({ url }, "upstream socket connected"),
        closed: (event) => this.logger.debug({ url, code: (event as { code?: number }).code }, "upstream socket closed"),
      },
    });
    socket = { client, tokens, subscriptions: 0 };
    this.sockets.set(socketKey, socket);
    return socket;
  }
}

const describe = (errors: unknown) =>
  Array.isArray(errors) ? errors.map((e) => (e as { message?: string }).message) : ((errors as { code?: number; reason?: string })?.reason ?? String(errors));
