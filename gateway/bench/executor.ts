// Prints operations/s of our executor and of @apollo/gateway (through ApolloServer.executeOperation)
// on the conformance shop supergraph, in-process subgraphs on port 0. Figures only, no assertions:
//   npm run bench:executor -w gateway [-- seconds concurrency]
import { askApollo, startFixture } from "../test/conformance/harness.ts";
import { shop } from "../test/conformance/fixtures/shop.ts";
import { createExecutor } from "../src/execution/index.ts";

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);
const QUERY = `{ topProducts { name inStock deliveryNote variants { color stock } reviews { body author { name username } } } }`;

// Subgraphs answer repeated requests from memory, so the figures are mostly the gateway's own work.
const running = await startFixture({ ...shop, cases: [], memoize: true });
const total = () => [...running.counts.values()].reduce((a, b) => a + b, 0);

async function measure(name: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 50; i++) await run();
  const requestsBefore = total();
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await run();
        done++;
      }
    }),
  );
  const rate = done / seconds;
  console.log(`${name.padEnd(40)} ${rate.toFixed(0).padStart(7)} ops/s   ${((total() - requestsBefore) / done).toFixed(2)} subgraph requests/op`);
}

const plain = createExecutor({ supergraphSdl: running.supergraphSdl, dedup: { operations: false, subgraphFetches: false } });
const deduped = createExecutor({ supergraphSdl: running.supergraphSdl });
await measure("apollo gateway (executeOperation)", () => askApollo(running.apollo, QUERY));
await measure("ours, no dedup", () => plain.execute({ query: QUERY }));
await measure("ours, in-flight dedup (one scope)", () => deduped.execute({ query: QUERY, scopeKey: "s" }));
await plain.close();
await deduped.close();
await running.stop();
