// The load benchmark's subgraphs, in a process of their own: the conformance shop's five subgraphs,
// answering repeated requests from memory. Tells its parent the supergraph, then answers "stats".
import { startFixture } from "../../test/conformance/harness.ts";
import { shop } from "../../test/conformance/fixtures/shop.ts";

const running = await startFixture({ ...shop, cases: [], memoize: true });
let cpu = process.cpuUsage();
process.send?.({ kind: "ready", supergraphSdl: running.supergraphSdl });
process.on("message", (message: { kind: string }) => {
  if (message.kind === "stats") {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.send?.({ kind: "stats", cpuMicros: used.user + used.system, requests: [...running.counts.values()].reduce((a, b) => a + b, 0) });
  }
  if (message.kind === "stop") void running.stop().then(() => process.exit(0));
});
