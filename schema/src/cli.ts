// Composes the subgraph SDLs into schema/supergraph.graphql. Fails on composition errors and on
// hints not accepted in supergraph.config.json; `--check` only verifies the committed file.
import { writeFileSync } from "node:fs";
import { compose, readCommittedSupergraph, SUPERGRAPH_PATH } from "./index.ts";

const check = process.argv.includes("--check");
const outcome = compose();
for (const error of outcome.errors) process.stderr.write(`error: ${error}\n`);
for (const hint of outcome.unacceptedHints) process.stderr.write(`hint (not accepted): ${hint}\n`);
if (!outcome.supergraphSdl || outcome.unacceptedHints.length) process.exit(1);
if (check) {
  if (readCommittedSupergraph() !== outcome.supergraphSdl) {
    process.stderr.write("schema/supergraph.graphql is stale: run `npm run compose`\n");
    process.exit(1);
  }
  process.stdout.write("supergraph.graphql is up to date\n");
} else {
  writeFileSync(SUPERGRAPH_PATH, outcome.supergraphSdl);
  process.stdout.write(`wrote ${SUPERGRAPH_PATH}\n`);
}
