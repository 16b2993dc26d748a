import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";
import { DIST_DIR } from "./paths.ts";
import { serveRuntimeConfig } from "./runtime-config.ts";

export interface DashboardServerOptions {
  /** The gateway's GraphQL URL as the browser should reach it. */
  graphqlUrl: string;
  host?: string;
  /** 0: any free port. */
  port: number;
  distDir?: string;
}

export interface DashboardServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the built dashboard (dist/) with /config.json; unknown paths get index.html (client routes). */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const host = options.host ?? "127.0.0.1";
  const files = sirv(options.distDir ?? DIST_DIR, {
    single: true,
    // Looks files up per request instead of listing dist/ once, so a rebuild shows without a restart.
    dev: true,
    etag: true,
    // Vite fingerprints everything under assets/, so those may be cached for good; index.html may not.
    setHeaders: (res, pathname) => res.setHeader("cache-control", pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache"),
  });
  const server = createServer((req, res) => {
    if (!serveRuntimeConfig({ graphqlUrl: options.graphqlUrl }, req, res)) files(req, res);
  });
  server.listen(options.port, host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
