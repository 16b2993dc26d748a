// Writes README.md's configuration table from the processes' environment schemas.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withReference } from "../src/config-reference.ts";

const readme = fileURLToPath(new URL("../../../README.md", import.meta.url));
writeFileSync(readme, withReference(readFileSync(readme, "utf8")));
process.stdout.write("README.md: configuration table written\n");
