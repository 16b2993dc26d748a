import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { topicOf, TOPICS } from "@floorgraph/events";
import { EVENT_DOCS_PATH, PRODUCERS, renderedEventDocs } from "../src/events/docs.ts";

describe("docs/events.md", () => {
  it("is what the producers' contracts render (run `npm run events:docs` after changing a contract)", () => {
    expect(readFileSync(EVENT_DOCS_PATH, "utf8")).toBe(renderedEventDocs());
  });

  it("lists every event type once, each on a topic of the system, with its JSON Schema identified by its dataschema", () => {
    const contracts = PRODUCERS.flatMap((p) => p.contracts);
    const types = contracts.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const c of contracts) expect(TOPICS).toContain(topicOf(c.type));
    const docs = renderedEventDocs();
    for (const c of contracts) expect(docs).toContain(`"$id": "${c.dataschema}"`);
  });
});
