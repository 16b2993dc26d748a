import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { Provider } from "urql";
import { createApiClient, type ApiClient } from "./client.ts";
import type { AppConfig } from "./config.ts";
import { useSession } from "./session.tsx";

const ApiContext = createContext<ApiClient | null>(null);

/** Makes a fresh client for each session, so nothing cached or subscribed outlives a logout. */
export function ApiProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const { session, signOut } = useSession();
  const token = session?.token ?? null;
  const [api, setApi] = useState<ApiClient | null>(null);
  useEffect(() => {
    const next = createApiClient(config, token, () => signOut("Your session ended: please log in again."));
    setApi(next);
    return () => next.dispose();
  }, [config, token, signOut]);
  if (!api) return null;
  return (
    <ApiContext.Provider value={api}>
      <Provider value={api.client}>{children}</Provider>
    </ApiContext.Provider>
  );
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiProvider");
  return api;
}
