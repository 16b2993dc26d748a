#!/usr/bin/env node
// Test lines per source line, per area of the repository (TypeScript under git; generated code,
// benches and fixtures left out). `npm run stats:tests`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const root = new URL("..", import.meta.url);
const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx", "*.mjs"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
const isTest = (f) => /\.test(-d)?\.tsx?$/.test(f) || /(^|\/)(test|e2e)\//.test(f);
const skipped = (f) => /(^|\/)(generated|bench|fixtures)\//.test(f) || f.endsWith(".d.ts");
const areaOf = (f) => {
  const parts = f.split("/");
  if (["packages", "subgraphs", "apps"].includes(parts[0]) && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? parts[0] : "(root)";
};

const areas = new Map();
for (const file of files) {
  if (skipped(file)) continue;
  const lines = readFileSync(new URL(file, root), "utf8").split("\n").filter((l) => l.trim() && !/^\s*(\/\/|\*|\/\*)/.test(l)).length;
  const area = areas.get(areaOf(file)) ?? { source: 0, test: 0 };
  area[isTest(file) ? "test" : "source"] += lines;
  areas.set(areaOf(file), area);
}
const rows = [...areas].sort(([a], [b]) => a.localeCompare(b));
const total = rows.reduce((t, [, a]) => ({ source: t.source + a.source, test: t.test + a.test }), { source: 0, test: 0 });
process.stdout.write(`${"area".padEnd(28)}${"source".padStart(8)}${"test".padStart(8)}${"ratio".padStart(8)}\n`);
for (const [name, a] of [...rows, ["total", total]]) {
  process.stdout.write(`${name.padEnd(28)}${String(a.source).padStart(8)}${String(a.test).padStart(8)}${(a.source ? a.test / a.source : 0).toFixed(2).padStart(8)}\n`);
}
