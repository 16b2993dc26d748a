// The schema explorer: GraphiQL from npm, bundled by Vite with its Monaco workers (nothing from a
// CDN), loaded only when /explorer is opened. Requests carry the session's token; subscriptions go
// over graphql-ws to the same gateway.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createClient } from "graphql-ws";
import { useEffect, useMemo } from "react";
import { useSearchParams } from "react-router";
import { useApi } from "../app/api.tsx";
import { useSession } from "../app/session.tsx";

const EXAMPLE = `# Everything the gateway serves, with your login's rights.
# Subscriptions work too, e.g. subscription { robotChanged { id state position { x y } } }
query Floor {
  conveyors { id state speed zone { name } }
  robots { id state battery }
}
`;

export default function ExplorerPage() {
  const { graphqlUrl, wsUrl } = useApi().config;
  const { auth } = useSession();
  const [params] = useSearchParams();
  const initialQuery = params.get("query") ?? undefined;

  // The session's current token on every request and (re)connection: a refresh changes nothing here.
  const { fetcher, wsClient } = useMemo(() => {
    const authorization = () => {
      const token = auth.token();
      return token ? `Bearer ${token}` : undefined;
    };
    const ws = createClient({ url: wsUrl, lazy: true, connectionParams: () => (authorization() ? { authorization: authorization() } : {}) });
    const fetchWithToken: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      const value = authorization();
      if (value) headers.set("authorization", value);
      return fetch(input, { ...init, headers });
    };
    return { wsClient: ws, fetcher: createGraphiQLFetcher({ url: graphqlUrl, wsClient: ws, fetch: fetchWithToken }) };
  }, [graphqlUrl, wsUrl, auth]);
  useEffect(() => () => void wsClient.dispose(), [wsClient]);

  return (
    <div className="explorer" data-testid="explorer">
      <GraphiQL fetcher={fetcher} defaultQuery={EXAMPLE} initialQuery={initialQuery} />
    </div>
  );
}
