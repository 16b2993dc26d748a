import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { LoginMutation } from "../generated/graphql.ts";
import { permissionsFor, type Permissions } from "./permissions.ts";
import { callRefresh, createRefresher, refreshDelay, RETRY_MS, type Refresher, type Tokens } from "./refresh.ts";

export type SessionUser = LoginMutation["login"]["user"];

export interface Session extends Tokens {
  user: SessionUser;
  /** When these tokens were issued (to refresh a short token early enough). */
  issuedAt?: number;
}

/** What the API client needs of the session: the current token, a way to get a fresh one, and to give up. */
export interface SessionAuth {
  token(): string | null;
  /** Refreshes (once, however many ask); true when a new token is in place. */
  refresh(): Promise<boolean>;
  /** Waits for a refresh under way. */
  settled(): Promise<unknown>;
  /** The gateway refused the session for good. */
  lost(): void;
}

interface SessionContextValue {
  session: Session | null;
  permissions: Permissions | null;
  auth: SessionAuth;
  signIn(session: Session): void;
  /** Ends the session here and, when the user chose to (no reason), at the gateway too. */
  signOut(reason?: string): void;
  /** Why the last session ended, when it was not the user's choice (expired token). */
  endedBecause: string | null;
}

// sessionStorage: the tokens live as long as the browser tab, as the issue asks ("kept for the session").
const STORAGE_KEY = "floorgraph.session";

function restore(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Session | null;
    // An expired access token is still worth its refresh token.
    return stored && (stored.refreshToken || Date.parse(stored.expiresAt) > Date.now()) ? stored : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children, initial, graphqlUrl }: { children: ReactNode; initial?: Session | null; graphqlUrl?: string }) {
  const [session, setSession] = useState<Session | null>(() => (initial === undefined ? restore() : initial));
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  // The latest session, for callbacks that outlive a render (the API client's, the refresher's).
  const current = useRef(session);
  current.current = session;

  const store = useCallback((next: Session | null) => {
    current.current = next;
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
    setSession(next);
  }, []);
  const end = useCallback(
    (reason?: string) => {
      store(null);
      setEndedBecause(reason ?? null);
    },
    [store],
  );
  const signIn = useCallback(
    (next: Session) => {
      setEndedBecause(null);
      store({ ...next, issuedAt: next.issuedAt ?? Date.now() });
    },
    [store],
  );
  const signOut = useCallback(
    (reason?: string) => {
      const token = current.current?.token;
      // The user's own choice: end the session at the gateway too (its refresh token stops working).
      if (reason === undefined && token && graphqlUrl) {
        void fetch(graphqlUrl, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: "mutation Logout { logout }" }),
        }).catch(() => undefined);
      }
      end(reason);
    },
    [end, graphqlUrl],
  );

  const refresher: Refresher = useMemo(
    () =>
      createRefresher({
        current: () => current.current,
        refresh: (refreshToken) => (graphqlUrl ? callRefresh(graphqlUrl, refreshToken) : Promise.reject(new Error("no gateway"))),
        onRefreshed: (tokens) => current.current && store({ ...current.current, ...tokens, issuedAt: Date.now() }),
        onEnded: (reason) => end(reason),
      }),
    [graphqlUrl, store, end],
  );

  // Refresh shortly before the access token expires; after a failed attempt, again a little later.
  useEffect(() => {
    if (!session) return;
    if (!session.refreshToken) {
      // Nothing to refresh with: the session ends with its token.
      const expiry = setTimeout(() => end("Your session expired: please log in again."), Math.min(2 ** 31 - 1, Math.max(0, Date.parse(session.expiresAt) - Date.now())));
      return () => clearTimeout(expiry);
    }
    const wait = refreshDelay(session, session.issuedAt ?? Date.now());
    let timer = setTimeout(function attempt() {
      void refresher.refresh().then((ok) => {
        if (!ok && current.current === session) timer = setTimeout(attempt, RETRY_MS);
      });
    }, Math.min(2 ** 31 - 1, wait));
    return () => clearTimeout(timer);
  }, [session, refresher, end]);

  const auth: SessionAuth = useMemo(
    () => ({
      token: () => current.current?.token ?? null,
      refresh: () => refresher.refresh(),
      settled: () => refresher.settled(),
      lost: () => end("Your session ended: please log in again."),
    }),
    [refresher, end],
  );

  const value = useMemo(
    () => ({ session, permissions: session ? permissionsFor(session.user.role) : null, auth, signIn, signOut, endedBecause }),
    [session, auth, signIn, signOut, endedBecause],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user's permissions; only rendered under the authenticated layout. */
export function usePermissions(): Permissions {
  const { permissions } = useSession();
  return permissions ?? permissionsFor("VIEWER");
}
