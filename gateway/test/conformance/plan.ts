import { prettyFormatQueryPlan } from "@apollo/query-planner";
import { startFixture } from "/work/wt/exec/gateway/test/conformance/harness.ts";
const mod = await import(`/work/wt/exec/gateway/test/conformance/fixtures/${process.argv[2]}.ts`);
const fixture = Object.values(mod)[0] as any;
const running = await startFixture(fixture);
const p = running.ours.plan(process.argv[3]!) as any;
console.log(p.errors ?? prettyFormatQueryPlan(p.plan));
console.log(JSON.stringify(p.plan?.node, null, 1).slice(0, 4000));
await running.stop();
