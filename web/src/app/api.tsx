import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { Provider } from "urql";
import { createApiClient, type ApiClient } from "./client.ts";
import type { AppConfig } from "./config.ts";
import { useSession } from "./session.tsx";

const ApiContext = createContext<ApiClient | null>(null);

/**
 * Makes a fresh client for each signed-in user, so nothing cached or subscribed outlives a logout;
 * a refreshed token changes nothing here (the client reads the current one for every request).
 */
export function ApiProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const { session, auth } = useSession();
  const userId = session?.user.id ?? null;
  const [api, setApi] = useState<ApiClient | null>(null);
  useEffect(() => {
    const next = createApiClient(config, userId ? auth : undefined);
    setApi(next);
    return () => next.dispose();
  }, [config, userId, auth]);
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
