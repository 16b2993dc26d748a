import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { LoginMutation } from "../generated/graphql.ts";
import { permissionsFor, type Permissions } from "./permissions.ts";

export type SessionUser = LoginMutation["login"]["user"];

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

interface SessionContextValue {
  session: Session | null;
  permissions: Permissions | null;
  signIn(session: Session): void;
  signOut(reason?: string): void;
  /** Why the last session ended, when it was not the user's choice (expired token). */
  endedBecause: string | null;
}

// sessionStorage: the token lives as long as the browser tab, as the issue asks ("kept for the session").
const STORAGE_KEY = "floorgraph.session";

function restore(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Session | null;
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initial === undefined ? restore() : initial));
  const [endedBecause, setEndedBecause] = useState<string | null>(null);

  const signIn = useCallback((next: Session) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setEndedBecause(null);
    setSession(next);
  }, []);
  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setEndedBecause(reason ?? null);
    setSession(null);
  }, []);

  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => signOut("Your session expired: please log in again."), Math.min(2 ** 31 - 1, Math.max(0, Date.parse(session.expiresAt) - Date.now())));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const value = useMemo(
    () => ({ session, permissions: session ? permissionsFor(session.user.role) : null, signIn, signOut, endedBecause }),
    [session, signIn, signOut, endedBecause],
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
