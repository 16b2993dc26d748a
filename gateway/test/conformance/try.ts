// Scratch: print ours/apollo answers for one fixture (not a test).
import { askApollo, askOurs, mismatch, startFixture } from "./harness.ts";
const mod = await import(`./fixtures/${process.argv[2]}.ts`);
const fixture = Object.values(mod)[0] as import("./harness.ts").Fixture;
const running = await startFixture(fixture);
for (const c of fixture.cases) {
  if (process.argv[3] && !c.name.includes(process.argv[3])) continue;
  const ours = await askOurs(running.ours, c.query, c.variables).catch((e) => ({ errors: [{ message: "THROWN " + e.stack }] }));
  const apollo = await askApollo(running.apollo, c.query, c.variables);
  console.log(`\n## ${c.name}\nours:   ${mismatch(c.expected, ours) ?? "ok"}\n${JSON.stringify(ours)}\napollo: ${mismatch(c.expected, apollo) ?? "ok"}\n${JSON.stringify(apollo)}`);
}
await running.stop();
