#!/usr/bin/env node
// `npm run compose` (after the supergraph): writes the files derived from the manifests;
// `--check` only reports the stale ones.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { derivedFiles, staleDerivedFiles } from "./derived-files.mjs";
import { discoverSubgraphs, REPO_ROOT } from "./discover.mjs";

const manifests = discoverSubgraphs();
if (process.argv.includes("--check")) {
  const stale = staleDerivedFiles(manifests, REPO_ROOT);
  for (const f of stale) process.stderr.write(`${relative(REPO_ROOT, f.path)} is stale: run \`npm run compose\`\n`);
  process.exit(stale.length ? 1 : 0);
}
for (const f of derivedFiles(manifests, REPO_ROOT)) {
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, f.content);
  process.stdout.write(`wrote ${relative(REPO_ROOT, f.path)}\n`);
}
process.stdout.write(`subgraphs: ${manifests.map((m) => `${m.name}:${m.port}`).join(", ")}\n`);
