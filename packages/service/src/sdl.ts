import { readFileSync } from "node:fs";
import { parse, type DocumentNode } from "graphql";

/** Loads a service's SDL file (the source of truth for its schema). */
export function loadSdl(url: URL): { sdl: string; typeDefs: DocumentNode } {
  const sdl = readFileSync(url, "utf8");
  return { sdl, typeDefs: parse(sdl) };
}
