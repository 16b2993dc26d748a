import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { topicOf, TOPICS } from "@floorgraph/events";
import { discoverSubgraphs } from "@floorgraph/manifests";
import { EVENT_DOCS_PATH, ownTopics, producers, renderedEventDocs } from "../src/events/docs.ts";

describe("docs/events.md", () => {
  it("is what the producers' contracts render (run `npm run events:docs` after changing a contract)", async () => {
    expect(readFileSync(EVENT_DOCS_PATH, "utf8")).toBe(await renderedEventDocs());
  });

  it("lists every event type once, each on a topic of the system, with its JSON Schema identified by its dataschema", async () => {
    const contracts = (await producers()).flatMap((p) => p.contracts);
    const types = contracts.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const c of contracts) expect(TOPICS).toContain(topicOf(c.type));
    const docs = await renderedEventDocs();
    for (const c of contracts) expect(docs).toContain(`"$id": "${c.dataschema}"`);
  });
});

describe("manifests and contracts", () => {
  it("agree: a subgraph's contracts are on exactly the topics its manifest says it produces", async () => {
    const found = await producers();
    for (const manifest of discoverSubgraphs()) {
      const contracts = found.find((p) => p.module === `${manifest.package}/events`)?.contracts ?? [];
      const topics = [...new Set(contracts.map((c) => topicOf(c.type)))].sort();
      expect({ subgraph: manifest.name, topics }).toEqual({ subgraph: manifest.name, topics: ownTopics(manifest).sort() });
    }
  });
});
