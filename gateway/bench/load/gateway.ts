// One gateway of the load benchmark, in a process of its own: the project's gateway (on either
// executor, with or without in-flight dedup) or vanilla @apollo/gateway behind Apollo Server.
// Tells its parent its URL, then answers "stats" with its CPU time and RSS since the last ask.
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { createLogger } from "@floorgraph/logger";
import { DEFAULT_LIMITS } from "../../src/config.ts";
import { startGateway } from "../../src/server.ts";

const [kind, dedup, supergraphSdl] = [process.argv[2], process.argv[3] === "dedup", process.env.BENCH_SUPERGRAPH as string];
let url: string;
let stop: () => Promise<unknown>;
if (kind === "vanilla") {
  const apollo = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  ({ url } = await startStandaloneServer(apollo, { listen: { port: 0, host: "127.0.0.1" } }));
  stop = () => apollo.stop();
} else {
  const gateway = await startGateway(
    {
      supergraph: { sdl: supergraphSdl },
      jwt: null,
      forwardHeaders: ["authorization", "x-request-id"],
      corsOrigins: "*",
      subgraphUrls: {},
      subgraphTimeoutMs: 10_000,
      maxBodyBytes: 1_000_000,
      limits: DEFAULT_LIMITS,
      subgraphSigningSecret: "bench-signing-secret-0123456789abcdefghij",
      // What a production gateway runs but the rate limit (which would refuse a load test's caller).
      access: { rateLimits: null },
      executor: kind as "apollo" | "floorgraph",
      executorDedup: { subgraphFetches: dedup, operations: dedup },
    },
    createLogger("bench-gateway", "silent"),
    0,
  );
  url = gateway.url;
  stop = () => gateway.stop();
}
let cpu = process.cpuUsage();
process.send?.({ kind: "ready", url });
process.on("message", (message: { kind: string }) => {
  if (message.kind === "stats") {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.send?.({ kind: "stats", cpuMicros: used.user + used.system, rss: process.memoryUsage().rss });
  }
  if (message.kind === "stop") void stop().then(() => process.exit(0));
});
