/** The tokens a login or a refresh answers with. */
export interface Tokens {
  token: string;
  refreshToken: string | null;
  expiresAt: string;
}

/** The server refused the refresh token (spent, expired, session ended): only a new login helps. */
export class SessionEnded extends Error {}

/** Refresh this long before the access token expires (a quarter of its life when that is shorter). */
export const REFRESH_MARGIN_MS = 60_000;
/** After a failed attempt that was not a refusal (network, gateway restarting), try again this soon. */
export const RETRY_MS = 10_000;

/** When to refresh tokens that expire at expiresAt, from now: ms to wait, 0 for at once. */
export function refreshDelay(tokens: Pick<Tokens, "expiresAt">, issuedAt: number, now = Date.now()): number {
  const expires = Date.parse(tokens.expiresAt);
  const margin = Math.min(REFRESH_MARGIN_MS, Math.max(0, (expires - issuedAt) / 4));
  return Math.max(0, expires - margin - now);
}

const REFRESH = `mutation Refresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { token refreshToken expiresAt } }`;

/** Calls the gateway's refreshToken; SessionEnded when it is refused, another error when it could not be asked. */
export async function callRefresh(graphqlUrl: string, refreshToken: string, fetchImpl: typeof fetch = fetch): Promise<Tokens> {
  const response = await fetchImpl(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query: REFRESH, variables: { refreshToken } }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: { refreshToken?: Tokens } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  const tokens = body.data?.refreshToken;
  if (tokens) return tokens;
  const refusal = body.errors?.find((e) => e.extensions?.code === "UNAUTHENTICATED" || e.extensions?.code === "BAD_USER_INPUT");
  if (refusal || response.status === 401) throw new SessionEnded(refusal?.message ?? "The session ended");
  throw new Error(`refresh failed (${response.status})`);
}

export interface RefresherOptions {
  /** The current tokens (null when signed out). */
  current(): Tokens | null;
  refresh(refreshToken: string): Promise<Tokens>;
  /** New tokens to keep. */
  onRefreshed(tokens: Tokens): void;
  /** The session is over: sign out with this reason. */
  onEnded(reason: string): void;
}

/**
 * Refreshes at most once at a time: everything that needs a new token (the timer before expiry, a
 * 401, a socket closed with 4401) waits for the same call, so a refresh token is never sent twice
 * (which the server would take for a stolen one, ending the session).
 */
export function createRefresher(options: RefresherOptions) {
  let inFlight: Promise<boolean> | null = null;
  return {
    /** Resolves true when a fresh access token is in place, false when the session ended or the call failed. */
    refresh(): Promise<boolean> {
      if (inFlight) return inFlight;
      const tokens = options.current();
      if (!tokens?.refreshToken) {
        if (tokens) options.onEnded("Your session expired: please log in again.");
        return Promise.resolve(false);
      }
      const sent = tokens.refreshToken;
      inFlight = options
        .refresh(sent)
        .then((next) => {
          // Signed out (or signed in again) meanwhile: these tokens belong to no one.
          if (options.current()?.refreshToken !== sent) return false;
          options.onRefreshed(next);
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof SessionEnded) options.onEnded("Your session ended: please log in again.");
          return false;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
    /** Waits for a refresh under way, if any (a socket reconnecting asks for the token after it). */
    settled: (): Promise<unknown> => inFlight ?? Promise.resolve(),
  };
}
export type Refresher = ReturnType<typeof createRefresher>;
