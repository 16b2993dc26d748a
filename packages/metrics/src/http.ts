import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { METRICS_CONTENT_TYPE, metricsText, type Registry } from "./registry.ts";

/** Answers /metrics with the registries' series (a function: services may come and go). */
export function metricsHandler(registries: () => readonly Registry[]) {
  return async (_req: IncomingMessage, res: ServerResponse) => {
    try {
      const text = await metricsText(registries());
      res.statusCode = 200;
      res.setHeader("content-type", METRICS_CONTENT_TYPE);
      res.end(text);
    } catch (error) {
      res.statusCode = 500;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(`# metrics unavailable: ${(error as Error).message}\n`);
    }
  };
}

export interface MetricsServer {
  url: string;
  port: number;
  server: Server;
  stop(): Promise<void>;
}

/** A server of its own for /metrics (npm start's METRICS_PORT): every service of the process on one port. */
export async function serveMetrics(registries: () => readonly Registry[], port: number, host = "127.0.0.1"): Promise<MetricsServer> {
  const handle = metricsHandler(registries);
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/metrics") return void handle(req, res);
    res.statusCode = 404;
    res.end("not found: /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/metrics`,
    port: address.port,
    server,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
