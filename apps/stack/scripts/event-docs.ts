// Writes docs/events.md from the producers' event contracts (a test fails when it is stale).
import { writeFileSync } from "node:fs";
import { EVENT_DOCS_PATH, renderedEventDocs } from "../src/events/docs.ts";

writeFileSync(EVENT_DOCS_PATH, await renderedEventDocs());
process.stdout.write("docs/events.md: written from the event contracts\n");
