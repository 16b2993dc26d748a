import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin } from "vite";

/**
 * Where the browser finds the gateway. The dashboard is built once and served next to gateways on
 * any port (tests use port 0), so the URL is read at run time from /config.json, not baked in.
 */
export interface RuntimeConfig {
  graphqlUrl: string;
}

export const CONFIG_PATH = "/config.json";

/** Answers /config.json; false for any other request. */
export function serveRuntimeConfig(config: RuntimeConfig, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url?.split("?")[0] !== CONFIG_PATH) return false;
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(config));
  return true;
}

/** The same answer from Vite's dev and preview servers. */
export function runtimeConfig(graphqlUrl: string): Plugin {
  const middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!serveRuntimeConfig({ graphqlUrl }, req, res)) next();
  };
  return {
    name: "floorgraph-runtime-config",
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}
