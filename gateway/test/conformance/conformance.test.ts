import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askApollo, askOurs, mismatch, startFixture, type Fixture, type RunningFixture } from "./harness.ts";
import { abstract } from "./fixtures/abstract.ts";
import { mutations } from "./fixtures/mutations.ts";
import { shop } from "./fixtures/shop.ts";
import { unavailable } from "./fixtures/unavailable.ts";

// Every case runs against our executor and against @apollo/gateway. Ours must give the expected
// (correct) answer. Apollo must too, unless the case names its known deviation, in which case
// Apollo's answer must still differ (so a fixed Apollo shows up here).
const fixtures: Fixture[] = [shop, abstract, mutations, unavailable];
const rows: { fixture: string; name: string; ours: string; apollo: string }[] = [];

for (const fixture of fixtures) {
  describe(`conformance: ${fixture.name}`, () => {
    let running: RunningFixture;
    beforeAll(async () => {
      running = await startFixture(fixture);
    });
    afterAll(async () => {
      await running?.stop();
    });

    for (const c of fixture.cases) {
      it(c.name, async () => {
        const asked = () => (c.notAsked ?? []).filter((name) => (running.counts.get(name) ?? 0) > counts[name]!);
        let counts = Object.fromEntries(running.counts);
        const ours = await askOurs(running.ours, c.query, c.variables);
        const oursAsked = asked();
        counts = Object.fromEntries(running.counts);
        const apollo = await askApollo(running.apollo, c.query, c.variables);
        const apolloAsked = asked();
        const oursWrong = mismatch(c.expected, ours) ?? (oursAsked.length ? `asked ${oursAsked.join(", ")}` : null);
        const apolloWrong = mismatch(c.expected, apollo) ?? (apolloAsked.length ? `asked ${apolloAsked.join(", ")}` : null);
        rows.push({ fixture: fixture.name, name: c.name, ours: oursWrong ? "FAIL" : "pass", apollo: apolloWrong ? (c.apolloDeviation ? "deviation" : "FAIL") : "pass" });
        expect(oursWrong, "our executor").toBeNull();
        if (c.apolloDeviation) expect(apolloWrong, `Apollo was expected to deviate (${c.apolloDeviation})`).not.toBeNull();
        else expect(apolloWrong, "Apollo").toBeNull();
      });
    }
  });
}

afterAll(() => {
  const width = Math.max(...rows.map((r) => r.fixture.length + r.name.length + 3));
  const lines = [`${"case".padEnd(width)} | ours | apollo`, `${"-".repeat(width)}-|------|----------`];
  for (const r of rows) lines.push(`${`${r.fixture}: ${r.name}`.padEnd(width)} | ${r.ours.padEnd(4)} | ${r.apollo}`);
  // The table is the suite's report: printed once, after every case ran.
  console.log(`\n${lines.join("\n")}\n`);
});
